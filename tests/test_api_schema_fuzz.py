"""schemathesis over the OpenAPI schema: no server errors, answers that match the schema.

Every operation is called with generated input (valid and invalid) through the real
WSGI stack, anonymously; operations that need a login answer 401 and must say so in
the schema. Input the schema allows can still break a rule the schema cannot express
(an ID number's check digit, a duplicate login name): that is a 400 with a Chinese
message, so the "schema-valid input must be accepted" check is left out.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from onewindow.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_generated_input_without_server_errors(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
