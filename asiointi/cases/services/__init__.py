"""Every write to a case, one module per subject. Each public function is one atomic, audited
action (docs/case-lifecycle.md); callers import it from its module, e.g.
``from asiointi.cases.services.decisions import case_decide``.

Callers pass objects obtained through ``access.py``; services lock the row again themselves
(``case_lock.lock_case``), re-check the state inside the transaction, and write the timeline
event with the actor.
"""
