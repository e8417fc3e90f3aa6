"""The service names people use (docs/service-types.md): each alias resolves to its type;
a name two types share is refused, naming both, as one located line (exit 2)."""

from __future__ import annotations

import pytest

from cqc_rate.method import method_in_force
from cqc_rate.method.models import Methodology
from cqc_rate.terms import name_key

from ..conftest import run_cli

# The mapping, by hand from the source's level list ("The levels we will rate each type
# of service"): the name people use -> the type it clearly means.
CLEAR = {
    "hospital trust": "nhs-trust-acute", "NHS hospital": "nhs-trust-acute", "acute trust": "nhs-trust-acute",
    "acute hospital": "nhs-trust-acute", "NHS acute trust": "nhs-trust-acute", "NHS hospital trust": "nhs-trust-acute",
    "mental health trust": "nhs-trust-non-acute", "NHS mental health trust": "nhs-trust-non-acute",
    "community health trust": "nhs-trust-non-acute", "community trust": "nhs-trust-non-acute",
    "NHS community trust": "nhs-trust-non-acute", "ambulance trust": "nhs-trust-non-acute",
    "NHS ambulance trust": "nhs-trust-non-acute", "NHS ambulance service": "nhs-trust-non-acute",
    "non-acute trust": "nhs-trust-non-acute",
    "independent ambulance service": "independent-single-specialty",
    "private ambulance service": "independent-single-specialty",
    "independent community health service": "independent-single-specialty",
    "independent hospital": "independent-hospital", "private hospital": "independent-hospital",
    "independent mental health hospital": "independent-hospital",
    "care at home": "adult-social-care", "domiciliary care": "adult-social-care",
    "domiciliary care agency": "adult-social-care", "home care": "adult-social-care",
    "home care agency": "adult-social-care", "homecare agency": "adult-social-care",
    "supported living": "adult-social-care", "extra care": "adult-social-care",
    "extra care housing": "adult-social-care", "shared lives": "adult-social-care",
    "care home": "adult-social-care", "nursing home": "adult-social-care",
    "residential care home": "adult-social-care", "residential home": "adult-social-care",
    "adult social care": "adult-social-care",
    "GP practice": "gp", "general practice": "gp", "GP surgery": "gp",
    "independent doctor": "independent-doctors-and-clinics", "independent clinic": "independent-doctors-and-clinics",
    "private GP": "independent-doctors-and-clinics", "private doctor": "independent-doctors-and-clinics",
    "private clinic": "independent-doctors-and-clinics",
    "online GP": "online-primary-care", "online doctor": "online-primary-care",
    "digital primary care": "online-primary-care",
    "urgent treatment centre": "urgent-care", "out of hours service": "urgent-care", "NHS 111": "urgent-care",
    "council": "local-authority", "local council": "local-authority",
    "dentist": "primary-dental", "dental practice": "primary-dental", "dental": "primary-dental",
    "SARC": "sexual-assault-referral-centre", "prison": "prison-and-detention",
    "young offender institution": "prison-and-detention", "immigration removal centre": "prison-and-detention",
}

# Names that mean two types: both named in the error.
SHARED = {
    "ambulance service": {"nhs-trust-non-acute", "independent-single-specialty"},
    "community health": {"nhs-trust-non-acute", "independent-single-specialty"},
    "community health services": {"nhs-trust-non-acute", "independent-single-specialty"},
    "mental health": {"nhs-trust-non-acute", "independent-hospital"},
    "mental health services": {"nhs-trust-non-acute", "independent-hospital"},
    "mental health hospital": {"nhs-trust-non-acute", "independent-hospital"},
    "hospital": {"nhs-trust-acute", "independent-hospital"},
    "hospice": {"independent-hospital", "independent-single-specialty"},
}


@pytest.mark.parametrize(("name", "key"), sorted(CLEAR.items()))
def test_each_alias_resolves(name, key):
    found = method_in_force().service_type(name)
    assert found is not None and found.key == key


def test_every_alias_in_the_data_is_listed_here():
    # The data and these tables agree: nothing added to one and not the other.
    method = method_in_force()
    assert {name_key(a) for t in method.service_types for a in t.aliases} == {name_key(n) for n in CLEAR}
    assert {name_key(a) for t in method.service_types for a in t.shared_aliases} == {name_key(n) for n in SHARED}


@pytest.mark.parametrize(("name", "keys"), sorted(SHARED.items()))
def test_a_shared_name_is_refused_naming_both(name, keys, write):
    assert method_in_force().service_type(name) is None
    path = write("a.yaml", f"""
        service:
          name: S
          type: {name}
    """)
    run = run_cli("validate", path)
    assert run.exit_code == 2
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(f"{path}:3:9: service type '{name}' can mean ")
    assert line.endswith(": give the key of the one meant")
    assert all(key in line for key in keys)


def test_a_shared_name_in_a_location_file_and_a_template():
    run = run_cli("template", "ambulance service")
    assert run.exit_code == 2
    assert "nhs-trust-non-acute" in run.stderr and "independent-single-specialty" in run.stderr


def test_the_method_data_refuses_a_name_for_two_types():
    data = method_in_force().model_dump(mode="json")
    data["service_types"][1]["aliases"] = [*data["service_types"][1]["aliases"], "care home"]  # gp
    with pytest.raises(ValueError, match="given to both adult-social-care and gp"):
        Methodology.model_validate(data)
    data = method_in_force().model_dump(mode="json")
    data["service_types"][1]["shared_aliases"] = ["surgery"]  # shared with no other type
    with pytest.raises(ValueError, match="shared with no other type"):
        Methodology.model_validate(data)
