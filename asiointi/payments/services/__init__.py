"""Every write to payments, one module per subject; each function is one atomic, audited action.

- ``instalments``: the instalments a final decision creates, and a handler's change of the
  account an instalment is paid to;
- ``requests``: payment requests (maksatuspyyntö): sent by the applicant, accepted or returned by
  a handler of the case's department;
- ``batches``: finance approves ready instalments into a payment batch (its SEPA file is
  ``payments.sepa``) and marks it paid.
"""
