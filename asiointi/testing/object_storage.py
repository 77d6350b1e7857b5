"""S3-compatible object storage on 127.0.0.1 for tests: moto's server mode in a child process.

Asiointi's web processes reach it over HTTP exactly as they would reach the city's S3 service,
through ``ASIOINTI_ATTACHMENT_STORAGE=storages.backends.s3.S3Storage`` and the ``ASIOINTI_S3_*``
settings (docs/operating.md "Several machines"); the test looks into the bucket with boto3.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import boto3

from asiointi.testing.production_server import free_port, stop_process_group

START_TIMEOUT_SECONDS = 60
# moto accepts any credentials; these are the ones the test and the servers both use.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "asiointi-test", "AWS_SECRET_ACCESS_KEY": "asiointi-secret"}
REGION = "eu-north-1"


@dataclass
class S3Server:
    endpoint_url: str
    process: subprocess.Popen
    log_path: Path

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def create_private_bucket(self, name: str) -> None:
        """A bucket as docs/operating.md asks for: public access blocked."""
        client = self.client()
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        client.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object in the bucket: key → content."""
        client = self.client()
        listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            for item in listing
        }

    def settings(self, bucket: str) -> dict[str, str]:
        """The environment that points Asiointi's attachment storage at this bucket."""
        return {
            "ASIOINTI_ATTACHMENT_STORAGE": "storages.backends.s3.S3Storage",
            "ASIOINTI_S3_BUCKET": bucket,
            "ASIOINTI_S3_ENDPOINT_URL": self.endpoint_url,
            "ASIOINTI_S3_REGION": REGION,
            **CREDENTIALS,
        }

    def stop(self) -> None:
        stop_process_group(self.process)


def start_s3_server(directory: Path) -> S3Server:
    """``python -m moto.server`` on a free port; returns once it answers."""
    port = free_port()
    log_path = directory / "s3.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (a fixed module of our dependencies)
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = S3Server(endpoint_url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{server.endpoint_url}/moto-api/", timeout=2):  # noqa: S310
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("moto server did not answer") from None
            time.sleep(0.2)
