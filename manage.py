#!/usr/bin/env python3
from asiointi.cli import main

if __name__ == "__main__":
    main()
