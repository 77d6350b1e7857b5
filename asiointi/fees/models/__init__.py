"""The fees app's models: the rule tables (``rules``) and the client records (``clients``).

Both are imported here because Django discovers an app's models in its ``models`` module.
"""

from asiointi.fees.models.clients import (
    FeeClient,
    FeeDecision,
    FeeProposal,
    IncomeConsent,
    IncomeCorrection,
    IncomeRecord,
    IncomeReview,
    RegistryQuery,
    ReviewAttachment,
    ReviewRun,
)
from asiointi.fees.models.rules import (
    HomeCareIncomeLimit,
    HomeCarePercentage,
    LongTermCareRule,
    VoucherFormula,
)

__all__ = [
    "FeeClient",
    "FeeDecision",
    "FeeProposal",
    "HomeCareIncomeLimit",
    "HomeCarePercentage",
    "IncomeConsent",
    "IncomeCorrection",
    "IncomeRecord",
    "IncomeReview",
    "LongTermCareRule",
    "RegistryQuery",
    "ReviewAttachment",
    "ReviewRun",
    "VoucherFormula",
]
