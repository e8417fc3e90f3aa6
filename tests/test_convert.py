"""cqc_rate.convert: a service's assessment between YAML and CSV; a round trip changes nothing.

Every file in samples/ is either carried both ways (the same validated document and
the same scores after yaml -> csv -> yaml; the same rows after csv -> yaml -> csv) or
one the CSV form does not hold (a location file: it names services' files, ratings,
levels and overrides, not statements' scores), refused with a located problem."""

from __future__ import annotations

import datetime
import string
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cqc_rate import api, convert
from cqc_rate.engine import check_document, file_kind
from cqc_rate.inputs import spreadsheet
from cqc_rate.inputs.reader import Document, parse, read_documents
from cqc_rate.method import base_catalogue
from cqc_rate.problems import InputError

from .conftest import SAMPLES

# The samples the CSV form cannot hold, by hand: what each is.
NOT_CARRIED = {
    "location-acute-trust.yaml": "a location file",
    "location-independent-hospital.yaml": "a location file",
    "location-override.yaml": "a location file",
}
YAML_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.yaml"))
CSV_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.csv"))
CARRIED = [name for name in YAML_SAMPLES if name not in NOT_CARRIED]


def _model(doc: Document) -> Any:
    return check_document(doc)[1].model_dump()


def _scores(path: Path) -> list[dict[str, Any]]:
    out = []
    for result in api.score_each(path):
        assert not isinstance(result, InputError), result
        data = result.to_dict()
        data.pop("file")
        out.append(data)
    return out


def _yaml_to_csv_to_yaml(path: Path, tmp_path: Path) -> tuple[Path, Path]:
    ((_, csv_text),) = api.convert_files([path], "csv")
    csv_path = tmp_path / (path.stem + ".csv")
    csv_path.write_text(csv_text, encoding="utf-8", newline="")
    ((_, yaml_text),) = api.convert_files([csv_path], "yaml")
    back = tmp_path / (path.stem + ".back.yaml")
    back.write_text(yaml_text, encoding="utf-8")
    return csv_path, back


def test_every_sample_is_carried_or_said_not_to_be() -> None:
    # A new sample must be put on one side or the other, by hand.
    assert set(NOT_CARRIED) <= set(YAML_SAMPLES)
    assert len(CARRIED) >= 11
    # every kind of assessment is among them: the two local authorities and the dental practice too
    assert {"local-authority-good.yaml", "local-authority-band-edge.yaml", "dental-practice.yaml"} <= set(CARRIED)
    for name in YAML_SAMPLES:
        data = yaml.safe_load((SAMPLES / name).read_text(encoding="utf-8"))
        assert (file_kind(data) == "location") == (name in NOT_CARRIED), name


@pytest.mark.parametrize("name", CARRIED)
def test_yaml_csv_yaml_is_the_same_document_and_scores(name: str, tmp_path: Path) -> None:
    path = SAMPLES / name
    csv_path, back = _yaml_to_csv_to_yaml(path, tmp_path)
    original = read_documents(str(path))[0]
    (from_csv,) = read_documents(str(csv_path))
    assert from_csv.data == original.data  # the mapping itself, value for value
    assert _model(from_csv) == _model(original)
    assert _model(read_documents(str(back))[0]) == _model(original)
    assert _scores(csv_path) == _scores(path) == _scores(back)


@pytest.mark.parametrize("name", CARRIED)
def test_csv_yaml_csv_is_the_same_rows(name: str, tmp_path: Path) -> None:
    csv_path, back = _yaml_to_csv_to_yaml(SAMPLES / name, tmp_path)
    ((_, again),) = api.convert_files([back], "csv")
    assert again == csv_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CSV_SAMPLES)
def test_csv_samples_round_trip_to_the_same_text(name: str, tmp_path: Path) -> None:
    path = SAMPLES / name
    written = api.convert_files([path], "yaml")
    services = []
    for i, (_, text) in enumerate(written):
        services.append(tmp_path / f"{i}.yaml")
        services[-1].write_text(text, encoding="utf-8")
    ((_, again),) = api.convert_files(services, "csv")
    assert again == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(NOT_CARRIED))
def test_what_csv_cannot_hold_is_refused_located(name: str) -> None:
    with pytest.raises(InputError) as caught:
        api.convert_files([SAMPLES / name], "csv")
    (problem,) = caught.value.problems
    assert problem.file.endswith(name) and problem.line and problem.column
    assert "keep" in problem.message and "YAML" in problem.message


def test_the_worked_example_csv_scores_as_its_yaml_twin() -> None:
    # The source's worked example, safe: 2+3+3+2+3+3+2+3 = 21 of 8 x 4 = 32 statements' points
    # -> 65.625% -> 65.6 to one decimal, 66 published -> good (63-87), by its band.
    (csv_result,) = _scores(SAMPLES / "worked-example.csv")
    assert csv_result == _scores(SAMPLES / "worked-example.yaml")[0]
    safe = csv_result["key_questions"]["safe"]
    assert (safe["total"], safe["maximum"], safe["percentage"], safe["score"]) == (21, 32, 65.6, 66)
    assert (safe["rating"], safe["basis"]) == ("good", "band")
    sources = [s["source"] for s in safe["statements"]]
    assert sources.count("updated") == 1 and sources.count("existing") == 7


def test_a_local_authority_round_trips_and_scores_as_its_yaml_twin(tmp_path: Path) -> None:
    # Anyshire, by theme: 3+3+2 + 3+3 + 3+3 + 3+3 = 26 of 9 x 4 = 36 -> 72.2% -> 72 -> good (63-87).
    # Borsetshire, flat: 3+3+3+3+3 + 2+2+2+2 = 23 of 36 -> 63.9% -> 64 -> good, just over the edge.
    for name, figures in (("local-authority-good.yaml", (26, 36, 72.2, 72)),
                          ("local-authority-band-edge.yaml", (23, 36, 63.9, 64))):
        csv_path, back = _yaml_to_csv_to_yaml(SAMPLES / name, tmp_path)
        (from_csv,) = _scores(csv_path)
        assert [from_csv] == _scores(SAMPLES / name) == _scores(back), name
        overall = from_csv["overall"]
        assert (overall["total"], overall["maximum"], overall["percentage"], overall["score"]) == figures, name
        assert overall["rating"] == "good", name
    # Grouped stays grouped and flat stays flat: each statement's row names its theme, or none.
    text = csv_path.read_text(encoding="utf-8")
    assert text.startswith("service,type,theme,statement,score\n"
                           "Borsetshire Council,local-authority,,assessing-needs,3\n")


def test_a_statements_one_judgement_and_its_categories_judgements_stay_apart(tmp_path: Path) -> None:
    # The dental practice: Safeguarding judged once (`met`), Medicines optimisation by one
    # category ({processes: met}); the YAML read back keeps the two forms. Infection prevention
    # and control's processes not met -> that statement, and safe, "not all regulations met".
    csv_path, back = _yaml_to_csv_to_yaml(SAMPLES / "dental-practice.yaml", tmp_path)
    safe = read_documents(str(back))[0].data["judgements"]["safe"]
    assert safe["Safeguarding"] == "met"
    assert safe["Medicines optimisation"] == {"processes": "met"}
    assert "Safeguarding,,met," in csv_path.read_text(encoding="utf-8")
    (result,) = _scores(csv_path)
    assert [result] == _scores(SAMPLES / "dental-practice.yaml")
    kq = result["key_questions"]["safe"]
    assert (kq["judgement"], kq["caused_by"]) == ("not all regulations met", ["infection-prevention-and-control"])
    by_id = {s["id"]: s for s in kq["statements"]}
    assert (by_id["safeguarding"]["judgement"], by_id["safeguarding"]["basis"]) == ("regulations met", "given")
    assert by_id["medicines-optimisation"]["basis"] == "evidence categories"


def test_the_csv_examples_in_the_docs_are_what_convert_writes() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "csv-input.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in docs.split("```csv\n")[1:]]
    assert blocks[0] == (SAMPLES / "worked-example.csv").read_text(encoding="utf-8")
    for block, name in zip(blocks[1:], ["local-authority-good.yaml", "dental-practice.yaml"], strict=True):
        ((_, written),) = api.convert_files([SAMPLES / name], "csv")
        assert block == written, name


def test_several_services_in_one_csv(tmp_path: Path) -> None:
    ((_, text),) = api.convert_files([SAMPLES / "care-home.yaml", SAMPLES / "gp-practice.yaml"], "csv")
    both = tmp_path / "both.csv"
    both.write_text(text, encoding="utf-8", newline="")
    assert _scores(both) == _scores(SAMPLES / "care-home.yaml") + _scores(SAMPLES / "gp-practice.yaml")
    names = [name for name, _ in api.convert_files([both], "yaml")]
    assert names == ["Rosewood House", "Riverside Medical Practice"]


def test_two_services_of_one_name_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text((SAMPLES / "care-home.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        api.convert_files([SAMPLES / "care-home.yaml", copy], "csv")
    (problem,) = caught.value.problems
    assert problem.file.endswith("copy.yaml") and (problem.line, problem.column) == (5, 9)


def test_a_cell_that_would_start_a_formula_is_written_inert_and_read_back() -> None:
    data = {"service": {"name": "=HYPERLINK(1)", "type": "gp"}, "scores": {"safe": {"safeguarding": 3}}}
    text = convert.to_csv([data])
    assert "'=HYPERLINK(1)" in text
    (service,) = spreadsheet.read("x.csv", text).services
    assert service.data == data


# ----------------------------------------------------------- the round trip, as a property

_CATALOGUE = base_catalogue()
_STATEMENTS = [(s.key_question.replace("_", "-"), s) for s in _CATALOGUE.statements]
_RATED = ["adult-social-care", "gp", "independent-hospital", "urgent-care"]
_RATINGS = ["outstanding", "good", "requires improvement", "inadequate"]
_KQS = ["safe", "effective", "caring", "responsive", "well-led"]
_name = st.text(string.ascii_letters + string.digits + " ,'\"=+-@&()", min_size=1, max_size=30).map(str.strip) \
    .filter(bool)


@st.composite
def _assessments(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {"service": {"name": draw(_name), "type": draw(st.sampled_from(_RATED))}}
    if draw(st.booleans()):
        data["assessment"] = {"date": draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 1, 1)))}
    if draw(st.booleans()):
        data["history"] = {"inspected_before": draw(st.booleans()), "provider_changed": draw(st.booleans())}
    for section in ("existing_ratings", "ratings"):
        if draw(st.booleans()):
            kqs = draw(st.lists(st.sampled_from(_KQS), min_size=1, max_size=5, unique=True))
            data[section] = {kq: draw(st.sampled_from(_RATINGS)) for kq in kqs}
    for section in ("existing_scores", "scores"):
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(_STATEMENTS), min_size=1, max_size=12, unique_by=lambda p: p[1]))
            values: dict[str, dict[Any, Any]] = {}
            for kq, statement in chosen:
                key = draw(st.sampled_from([statement.name, statement.slug, statement.api_id]))
                score: Any = draw(st.integers(1, 4))
                if draw(st.booleans()):  # the 2023 method's evidence categories, each scored
                    chosen_categories = draw(st.lists(st.sampled_from(_CATALOGUE.categories), min_size=1,
                                                      max_size=3, unique=True))
                    score = {draw(st.sampled_from([c.name, c.slug])): draw(st.integers(1, 4))
                             for c in chosen_categories}
                values.setdefault(kq, {})[key] = score
            data[section] = values
    return data


_LA_STATEMENTS = {s.slug: s for s in _CATALOGUE.statements}
_JUDGEMENTS = ["met", "not met", "regulations met", "not all regulations met"]


@st.composite
def _local_authorities(draw: st.DrawFn) -> dict[str, Any]:
    # Each theme's statements under it (by the theme's slug or name), or flat, as YAML allows.
    data: dict[str, Any] = {"service": {"name": draw(_name), "type": draw(st.sampled_from(["local-authority",
                                                                                           "council"]))}}
    if draw(st.booleans()):
        data["assessment"] = {"date": draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 1, 1)))}
    scores: dict[Any, Any] = {}
    for theme in _CATALOGUE.themes:
        grouped = draw(st.booleans())
        group: dict[Any, Any] = {}
        for slug in theme.statements:
            s = _LA_STATEMENTS[slug]
            key = draw(st.sampled_from([s.name, s.slug, s.api_id]))
            (group if grouped else scores)[key] = draw(st.integers(1, 4))
        if grouped:
            scores[draw(st.sampled_from([theme.slug, theme.name]))] = group
    data["scores"] = scores
    return data


@st.composite
def _not_rated(draw: st.DrawFn) -> dict[str, Any]:
    # A statement's one judgement, or its evidence categories' (one or more) judgements.
    data: dict[str, Any] = {"service": {"name": draw(_name), "type": draw(st.sampled_from(
        ["primary-dental", "childrens-home", "sarc", "medical-laboratory"]))}}
    if draw(st.booleans()):
        data["assessment"] = {"date": draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 1, 1)))}
    chosen = draw(st.lists(st.sampled_from(_STATEMENTS), min_size=1, max_size=12, unique_by=lambda p: p[1]))
    values: dict[str, dict[Any, Any]] = {}
    for kq, statement in chosen:
        key = draw(st.sampled_from([statement.name, statement.slug, statement.api_id]))
        judgement: Any = draw(st.sampled_from(_JUDGEMENTS))
        if draw(st.booleans()):
            categories = draw(st.lists(st.sampled_from(_CATALOGUE.categories), min_size=1, max_size=3, unique=True))
            judgement = {draw(st.sampled_from([c.name, c.slug])): draw(st.sampled_from(_JUDGEMENTS))
                         for c in categories}
        values.setdefault(kq, {})[key] = judgement
    data["judgements"] = values
    return data


_ANY_KIND = st.one_of(_assessments(), _local_authorities(), _not_rated())


@given(_ANY_KIND)
def test_any_mapping_survives_yaml_csv_yaml(data: dict[str, Any]) -> None:
    # The mapping read back from its CSV is the mapping, and so is its YAML: value for
    # value (dates, flags, API ids as numbers, names that would start a formula).
    sheet = spreadsheet.read("x.csv", convert.to_csv([data]))
    assert sheet.problems == []
    (service,) = sheet.services
    assert service.data == data
    assert yaml.safe_load(convert.to_yaml(service.data)) == data
    assert parse("x.yaml", convert.to_yaml(data)).data == data


@given(_ANY_KIND)
def test_any_csv_survives_csv_yaml_csv(data: dict[str, Any]) -> None:
    text = convert.to_csv([data])
    (service,) = spreadsheet.read("x.csv", text).services
    again = parse("x.yaml", convert.to_yaml(service.data)).data
    assert convert.to_csv([again]) == text


@given(st.one_of(_local_authorities(), _not_rated()))
def test_a_local_authority_or_a_service_not_rated_scores_the_same_from_its_csv(data: dict[str, Any]) -> None:
    # Every drawn mapping is valid (the nine under their own themes or flat; judgements by
    # statement or category), and its CSV gives the same result, the file's name aside.
    with tempfile.TemporaryDirectory() as folder:
        yaml_path, csv_path = Path(folder) / "one.yaml", Path(folder) / "one.csv"
        yaml_path.write_text(convert.to_yaml(data), encoding="utf-8")
        csv_path.write_text(convert.to_csv([data]), encoding="utf-8", newline="")
        assert _scores(csv_path) == _scores(yaml_path)
