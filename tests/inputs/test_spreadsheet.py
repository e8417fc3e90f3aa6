"""CSV input (cqc_rate.inputs.spreadsheet): one row per statement score, many services in one
file, read leniently as YAML is; each service scores exactly as its YAML file; problems
located FILE:ROW:COLUMN, every one at once, exit 2."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import cqc_rate
from cqc_rate import InputError

from ..conftest import SAMPLES

WORKED_YAML = SAMPLES / "worked-example.yaml"


def _json_without_file(run):
    data = run.json()
    items = data if isinstance(data, list) else [data]
    for item in items:
        item.pop("file")
    return items


def test_lenient_names_score_as_the_yaml_twin(cli, write):
    # The worked example written as a person might: headers in any case and spacing, no
    # key_question column (each statement knows its own), statements by slug, API id (1 is
    # learning culture, 8 medicines optimisation) or name in any case, source in capitals.
    path = write("lenient.csv", """
        Service , TYPE,Statement,Score,Source,Date
        Hollybank Care Home,care home,1,2,Existing,2025-04-08
        Hollybank Care Home,,safe-systems-pathways-and-transitions,3,EXISTING,
        Hollybank Care Home,,SAFEGUARDING,3,existing,
        Hollybank Care Home,,involving-people-to-manage-risks,2,existing,
        Hollybank Care Home,,Safe environments,3,existing,
        Hollybank Care Home,,safe and effective staffing,2,existing,
        Hollybank Care Home,,8,3,existing,
        Hollybank Care Home,,infection prevention and control,3,updated,
    """)
    run = cli("score", path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    # 2+3+3+2+3+3+2+3 = 21/32 = 65.6 -> 66 -> good, as the YAML twin
    assert _json_without_file(run) == _json_without_file(cli("score", WORKED_YAML, "--format", "json"))


def test_many_services_in_one_file_each_scored_a_bad_one_not_stopping_the_others(cli, write):
    path = write("two.csv", """
        service,type,key_question,statement,score,rating,source
        Ash Lodge,adult-social-care,safe,Safeguarding,9,,
        Birch Surgery,gp,Safe,Safeguarding,3,,
        Birch Surgery,,Well Led,,,Good,published
        Birch Surgery,,caring,,,outstanding,given
    """)
    run = cli("score", path, "--format", "json")
    assert run.exit_code == 2
    assert run.stderr == f"{path}:2:5: score must be a whole number from 1 to 4, got 9\n"
    (birch,) = run.json()  # a CSV file gives an array, as a folder does
    assert birch["service"]["name"] == "Birch Surgery"
    kqs = birch["key_questions"]
    # caring given directly: its rating, basis given
    assert (kqs["caring"]["rating"], kqs["caring"]["basis"]) == ("outstanding", "given")
    # safe: one statement scored now, the other seven transferred from nothing (no safe rating) -> withheld
    assert kqs["safe"]["rating"] is None
    # well-led: no scores, its published good transferred to each of its 7 statements: 7 x 3 = 21/28 = 75 -> good
    assert (kqs["well_led"]["total"], kqs["well_led"]["maximum"], kqs["well_led"]["rating"]) == (21, 28, "good")


def test_every_problem_at_once_each_one_located_line(cli, write):
    # Worked by hand: the header is row 1, each cell's column counted from 1.
    path = write("bad.csv", """
        service,type,key_question,statement,score,rating,source,colour
        Rosewood House,adult-social-care,safe,Safeguarding,5,,,
        Rosewood House,,safe,Learning cultre,3,,,
        Rosewood House,,safe,Safe environments,3,good,,
        Rosewood House,,safe,Medicines optimisation,=1+2,,,
    """)
    for command in ("score", "validate", "explain"):
        run = cli(command, path)
        assert run.exit_code == 2, command
        lines = run.stderr.splitlines()
        assert [line.split(": ", 1)[0] for line in lines] == [
            f"{path}:1:8",  # the unknown column `colour`, 8th
            f"{path}:2:5",  # score 5
            f"{path}:3:4",  # an unknown statement
            f"{path}:4:6",  # a score and a rating on one row: at the rating
            f"{path}:5:5",  # a formula where the score is
        ], command
        assert "unknown column 'colour'" in lines[0]
        assert "1 to 4" in lines[1]
        assert "'Learning cultre'" in lines[2] and "did you mean 'Learning culture'?" in lines[2]
        assert "not both" in lines[3]
        assert "'=1+2' looks like a spreadsheet formula" in lines[4]
        assert "Traceback" not in run.stderr and "Error" not in run.stderr


def test_missing_required_column(cli, write):
    path = write("no-service.csv", """
        type,statement,score
        gp,Safeguarding,3
    """)
    run = cli("validate", path)
    assert run.exit_code == 2
    assert run.stderr == f"{path}:1:1: missing column 'service' in the header row\n"


def test_formula_looking_cells_anywhere_and_the_inert_form_read_as_text(cli, write):
    path = write("formula.csv", """
        service,type,statement,score
        @SUM(1),gp,Safeguarding,3
        '=Birch,gp,Safeguarding,3
        Oak,gp,Safeguarding,-1
    """)
    run = cli("validate", path, "--format", "json")
    assert run.exit_code == 2
    got = [(p["line"], p["column"]) for p in run.json()["problems"]]
    # row 2: the service cell (column 1) would run; row 3 is the text "=Birch", written inert;
    # row 4: -1 is a number, not a formula: a score out of range, at its cell
    assert got == [(2, 1), (4, 4)]


def test_a_csv_problem_with_a_service_level_column_given_twice(cli, write):
    path = write("twice.csv", """
        service,type,statement,score,date
        Oak,gp,Safeguarding,3,2025-01-02
        Oak,gp,Learning culture,3,2025-01-03
    """)
    run = cli("validate", path)
    assert run.exit_code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"{path}:3:5: date '2025-01-03' differs from '2025-01-02'")


def test_a_local_authority_by_theme_scores_as_its_yaml_twin(cli, write):
    # Written by hand as a person might: themes in any spelling ("Working with people",
    # "LEADERSHIP"), statements by name or slug, the theme left empty on two (flat, as YAML
    # allows); rows out of order. 3+3+2 + 3+3 + 3+3 + 3+3 = 26 of 9 x 4 = 36 -> 72.2% -> 72 -> good.
    path = write("la.csv", """
        service,type,theme,statement,score,date
        Anyshire County Council,local-authority,Working with people,Assessing needs,3,2025-02-10
        Anyshire County Council,,working-with-people,Supporting people to lead healthier lives,3,
        Anyshire County Council,,working-with-people,equity-in-experiences-and-outcomes,2,
        Anyshire County Council,,,"Care provision, integration and continuity",3,
        Anyshire County Council,,,Partnerships and communities,3,
        Anyshire County Council,,ensuring-safety,"Safe systems, pathways and transitions",3,
        Anyshire County Council,,Ensuring safety,Safeguarding,3,
        Anyshire County Council,,LEADERSHIP,"Governance, management and sustainability",3,
        Anyshire County Council,,leadership,"Learning, improvement and innovation",3,
    """)
    run = cli("score", path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    (result,) = _json_without_file(run)
    overall = result["overall"]
    assert (overall["total"], overall["maximum"], overall["percentage"], overall["score"]) == (26, 36, 72.2, 72)
    assert overall["rating"] == "good"
    assert [result] == _json_without_file(cli("score", SAMPLES / "local-authority-good.yaml", "--format", "json"))
    run = cli("validate", path)
    assert (run.exit_code, run.stdout) == (0, f"{path}: ok (local-authority)\n")


def test_a_dental_practice_by_judgement_scores_as_its_yaml_twin(cli, write):
    # The dental sample's judgements as rows, no key_question column (each statement knows its
    # own): infection prevention and control's processes not met -> that statement and safe
    # "not all regulations met"; the rest met.
    path = write("dental.csv", """
        service,type,statement,evidence_category,judgement,date
        High Street Dental Practice,primary-dental,Infection prevention and control,processes,not met,2025-05-20
        High Street Dental Practice,,Infection prevention and control,observation,met,
        High Street Dental Practice,,Infection prevention and control,feedback-from-staff-and-leaders,met,
        High Street Dental Practice,,Safeguarding,,met,
        High Street Dental Practice,,Medicines optimisation,processes,met,
        High Street Dental Practice,,Consent to care and treatment,,regulations met,
        High Street Dental Practice,,"Kindness, compassion and dignity",peoples-experience,met,
        High Street Dental Practice,,"Governance, management and sustainability",processes,met,
        High Street Dental Practice,,"Governance, management and sustainability",feedback-from-staff-and-leaders,met,
    """)
    run = cli("score", path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    (result,) = _json_without_file(run)
    assert [result] == _json_without_file(cli("score", SAMPLES / "dental-practice.yaml", "--format", "json"))


def test_what_a_kind_does_not_have_is_a_located_problem_every_one_at_once(cli, write):
    # One file, three kinds, each row wrong for its kind; worked by hand (header row 1,
    # columns: 1 service, 2 type, 3 key_question, 4 theme, 5 statement, 6 evidence_category,
    # 7 score, 8 judgement, 9 rating, 10 source).
    path = write("kinds.csv", """
        service,type,key_question,theme,statement,evidence_category,score,judgement,rating,source
        Anyshire,local-authority,,,Assessing needs,,,met,,
        Anyshire,,,Leadershp,Safeguarding,,3,,,
        Anyshire,,leadership,,Safeguarding,,3,,,
        Anyshire,,,,Safeguarding,,3,,,existing
        Smile Dental,primary-dental,,,Safeguarding,,3,,,
        Smile Dental,,safe,,,,,,good,
        Smile Dental,,,,Safeguarding,,,great,,
        Oak Surgery,gp,,,Safeguarding,,,met,,
        Oak Surgery,,,working-with-people,Safeguarding,,3,,,
    """)
    for command in ("score", "validate", "explain"):
        run = cli(command, path)
        assert run.exit_code == 2, command
        lines = run.stderr.splitlines()
        assert [line.split(": ", 1)[0] for line in lines] == [
            f"{path}:2:8",   # a judgement on a local authority
            f"{path}:3:4",   # a theme that is not one
            f"{path}:4:3",   # a theme in the key_question column
            f"{path}:5:10",  # a local authority's score from an earlier assessment
            f"{path}:6:7",   # a score on a dental practice
            f"{path}:7:9",   # a rating on a dental practice
            f"{path}:8:8",   # a judgement that is not met or not met: the model's word
            f"{path}:9:8",   # a judgement on a rated service
            f"{path}:10:4",  # a theme on a rated service
        ], command
        assert "local authorities are rated: give a score" in lines[0]
        assert "unknown theme 'Leadershp'; did you mean 'leadership'?" in lines[1]
        assert "'leadership' is a theme: put it in the theme column" in lines[2]
        assert "nothing transferred" in lines[3]
        assert "does not rate" in lines[4] and "judgement column" in lines[4]
        assert "does not rate" in lines[5]
        assert "unknown judgement 'great'" in lines[6]
        assert "'gp' is rated" in lines[7]
        assert "key_question column" in lines[8]
        assert "Traceback" not in run.stderr and "Error" not in run.stderr


def test_explain_and_validate_take_a_csv(cli):
    csv_path = SAMPLES / "worked-example.csv"
    run = cli("explain", csv_path, "-k", "safe")
    assert run.exit_code == 0, run.stderr
    assert "21" in run.stdout and "32" in run.stdout
    run = cli("validate", csv_path)
    assert (run.exit_code, run.stdout) == (0, f"{csv_path}: ok (service)\n")


def test_a_whole_file_problem_is_one_line_in_words(cli, write):
    semicolons = write("semi.csv", "service;type;statement;score\nOak;gp;Safeguarding;3\n")
    run = cli("validate", semicolons)
    assert run.exit_code == 2
    assert run.stderr.startswith(f"{semicolons}:1:1: the columns are separated by semicolons")
    unclosed = write("quote.csv", 'service,type,statement,score\n"Oak,gp,Safeguarding,3\n')
    run = cli("validate", unclosed)
    assert run.exit_code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"{unclosed}:2:1: a quoted cell is never closed")


def test_a_spreadsheet_export_with_a_bom_and_crlf_reads_with_rows_located(cli, tmp_path):
    # As Excel saves "CSV UTF-8": a byte-order mark, CRLF line ends; row 3 is the bad one.
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffservice,type,statement,score\r\nOak,gp,Safeguarding,3\r\nOak,,Learning culture,0\r\n"
                     .encode("utf-8"))
    run = cli("validate", path)
    assert run.exit_code == 2
    assert run.stderr == f"{path}:3:4: score must be a whole number from 1 to 4, got 0\n"


def test_a_row_is_located_at_the_line_it_starts_on(cli, write):
    # Row 2's quoted note spans lines 2 and 3 of the file, so row 3 starts on line 4.
    path = write("lines.csv", """
        service,type,statement,score
        "Oak
        Lodge",gp,Safeguarding,3
        Elm,gp,Learning culture,6
    """)
    run = cli("validate", path)
    assert run.exit_code == 2
    assert run.stderr == f"{path}:4:4: score must be a whole number from 1 to 4, got 6\n"


def test_a_rating_in_the_score_column_is_pointed_to_the_rating_column(cli, write):
    path = write("rating-as-score.csv", """
        service,type,key_question,statement,score
        Oak,gp,safe,,good
    """)
    run = cli("validate", path)
    assert run.exit_code == 2
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"{path}:2:5: a score needs a statement") and "rating column" in line


# --------------------------------------------------------------- mutants, as a property

# Five services in one file: ratings, sources and flags (care home), evidence categories
# (method 2023), the worked example, a local authority by theme, a dental practice's judgements.
((_, _SEED),) = cqc_rate.convert_files(
    [SAMPLES / "care-home.yaml", SAMPLES / "method-2023.yaml", SAMPLES / "worked-example.yaml",
     SAMPLES / "local-authority-good.yaml", SAMPLES / "dental-practice.yaml"], "csv")
_ODD = ["", "=1", "5", "0", "x", '"', "good", "RI", "2025-13-01", "true", "-", "'", "existing", "given",
        "Safeguarding", "safe", "well led", "processes", "gp", "local-authority", "primary-dental", "\u202e",
        "met", "not met", "leadership", "Leadershp", "Assessing needs"]


@st.composite
def _mutant(draw: st.DrawFn) -> str:
    import csv
    import io

    rows = [list(r) for r in csv.reader(io.StringIO(_SEED))]
    for _ in range(draw(st.integers(1, 3))):
        edit = draw(st.sampled_from(["cell", "drop", "copy", "extra", "header"]))
        row = draw(st.integers(1, len(rows) - 1)) if len(rows) > 1 else 0
        if edit == "cell":
            rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(st.sampled_from(_ODD))
        elif edit == "drop" and len(rows) > 1:
            del rows[row]
        elif edit == "copy":
            rows.insert(row, list(rows[row]))
        elif edit == "extra":
            rows[row].append(draw(st.sampled_from(_ODD)))
        else:
            rows[0][draw(st.integers(0, len(rows[0]) - 1))] = draw(st.sampled_from(
                ["Service", "key question", "colour", "", "score", "rating", "evidence_category", "method", "theme",
                 "judgement"]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@given(_mutant())
def test_a_mutant_csv_is_valid_or_located_never_a_crash(text: str) -> None:
    # validate says valid exactly when every service scores; any problem is the project's
    # InputError with a line and a column (a file's problems only: empty, syntax, header).
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutant.csv"
        path.write_text(text, encoding="utf-8")
        problems = cqc_rate.validate_file(path)
        try:
            results = cqc_rate.score_each(path)
        except InputError as exc:
            assert problems and list(exc.problems) == problems
            return
        bad = [p for r in results if isinstance(r, InputError) for p in r.problems]
        assert bad == problems
        assert all(p.line and p.column for p in problems), problems


def test_validate_names_the_kinds_of_a_csv_files_services(cli, write):
    # One kind each, in the order first named: the GP practice, the council, the dentist.
    path = write("kinds.csv", """
        service,type,theme,statement,score,judgement
        Oak Surgery,gp,,Safeguarding,3,
        Anyshire,council,ensuring-safety,Safeguarding,3,
        Smile Dental,dental practice,,Safeguarding,,met
        Elm Surgery,gp,,Safeguarding,2,
    """)
    run = cli("validate", path)
    assert (run.exit_code, run.stdout) == (0, f"{path}: ok (service, local-authority, not-rated)\n")
    out = cli("validate", path, "--format", "json").json()
    assert (out["kind"], out["kinds"]) == (None, ["service", "local-authority", "not-rated"])
    one = write("one.csv", "service,type,statement,score\nOak Surgery,gp,Safeguarding,3\n")
    out = cli("validate", one, "--format", "json").json()
    assert (out["kind"], out["kinds"]) == ("service", ["service"])


def test_rows_before_the_type_are_read_by_the_kind_it_names(cli, write):
    # The type on the last row: the judgements above it are still judgements. Learning culture
    # (safe) not met -> safe "not all regulations met", because of it; safeguarding met.
    path = write("late.csv", """
        service,type,statement,judgement
        Smile Dental,,Safeguarding,met
        Smile Dental,dentist,Learning culture,not met
    """)
    run = cli("score", path, "--format", "json")
    assert run.exit_code == 0, run.stderr
    (result,) = _json_without_file(run)
    safe = result["key_questions"]["safe"]
    assert (safe["judgement"], safe["caused_by"]) == ("not all regulations met", ["learning-culture"])
