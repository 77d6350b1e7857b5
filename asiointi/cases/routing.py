"""Which team of the department works a sent case: the one whose area covers the applicant's
postal code (organisation.Team). Departments without teams route nowhere (``None``).

The form names its postal-code field in its presentation (``"summary": {"postal_code": …}``), so
the core needs to know nothing about any one form.
"""

from asiointi.eforms.spec import FormSpec
from asiointi.organisation.models import Team


def team_for(*, department_id: int, postal_code: str) -> Team | None:
    teams = list(Team.objects.filter(department_id=department_id))
    code = "".join(postal_code.split())
    covering = [
        (len(prefix), team)
        for team in teams
        for prefix in team.postal_code_prefixes
        if prefix and code.startswith(prefix)
    ]
    if covering:
        return max(covering, key=lambda match: match[0])[1]
    return next((team for team in teams if team.is_default), None)


def route_case(case, spec: FormSpec, data: dict) -> Team | None:
    """The team for a case about to be sent for the first time."""
    field = spec.summary_field("postal_code")
    postal_code = str(data.get(field) or "") if field else ""
    return team_for(department_id=case.department_id, postal_code=postal_code)
