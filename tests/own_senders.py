"""The sample customer C1001's own channel details as intake metadata: a UBL order mailed or faxed with them is the
customer's own copy (with no sender at all its EndpointID is a weak key, CUSTOMER-WEAK-ID)."""

from gateway.store.intake import IntakeMeta
from testkit.samples import RETAIL_BRUSSELS_FAX, RETAIL_BRUSSELS_MAIL

OWN_MAIL = IntakeMeta(sender=RETAIL_BRUSSELS_MAIL)
OWN_FAX = IntakeMeta(sender=RETAIL_BRUSSELS_FAX)
