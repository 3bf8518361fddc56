"""SKM: the IKM arithmetic of PermenPAN-RB 14/2017 and recording a survey."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from layar_ramah import workflow as wf
from layar_ramah.errors import AccessDenied, TransitionError, ValidationError
from layar_ramah.models import Event, Request, SurveyResponse
from layar_ramah.skm import ELEMENTS, classify, ikm, submit_survey
from layar_ramah.workflow import allowed_actions

pytestmark = pytest.mark.both_engines


def responses_with_total(n: int, total: int) -> list[list[int]]:
    """n valid responses whose 9·n answers sum to `total` (start all 3s, move by one)."""
    answers = [3] * (9 * n)
    diff = total - 27 * n
    step = 1 if diff > 0 else -1
    i = 0
    while diff:
        if 1 <= answers[i] + step <= 4:
            answers[i] += step
            diff -= step
        i = (i + 1) % len(answers)
    return [answers[k * 9:(k + 1) * 9] for k in range(n)]


# --- the arithmetic, on hand-computed cases ------------------------------------------

def test_one_response_by_hand():
    # 4+3+3+4+3+4+4+3+3 = 31; IKM = 31/9 × 25 = 86,111… → 86,11, mutu B
    result = ikm([[4, 3, 3, 4, 3, 4, 4, 3, 3]])
    assert result.nrr == (4, 3, 3, 4, 3, 4, 4, 3, 3)
    assert result.value == pytest.approx(86.1111111)
    assert result.rounded == Decimal("86.11")
    assert (result.category, result.label) == ("B", "Baik")
    assert result.respondents == 1


def test_three_responses_by_hand():
    responses = [
        [4, 4, 4, 4, 4, 4, 4, 4, 4],
        [3, 2, 3, 4, 3, 3, 4, 2, 3],
        [2, 3, 2, 4, 2, 3, 4, 3, 1],
    ]
    result = ikm(responses)
    # column averages: U1 (4+3+2)/3 = 3, U2 9/3 = 3, U3 9/3 = 3, U4 12/3 = 4, U5 9/3 = 3,
    # U6 10/3, U7 12/3 = 4, U8 9/3 = 3, U9 8/3
    assert result.nrr == pytest.approx((3, 3, 3, 4, 3, 10 / 3, 4, 3, 8 / 3))
    # sum of NRR = 29; IKM = 29/9 × 25 = 80,555… → 80,56 (half up), mutu B
    assert result.rounded == Decimal("80.56")
    assert result.category == "B"


def test_all_best_and_all_worst():
    assert ikm([[4] * 9] * 5).rounded == Decimal("100.00")
    assert (ikm([[4] * 9]).category, ikm([[4] * 9]).label) == ("A", "Sangat Baik")
    worst = ikm([[1] * 9] * 2)
    assert worst.rounded == Decimal("25.00")
    assert (worst.category, worst.label) == ("D", "Tidak Baik")


def test_weight_is_exactly_one_ninth():
    # total 318 over 10 respondents: mean NRR 3,5333…, IKM = 25 × 318 / 90 = 88,33 (A).
    # The rounded weight 0,111 some spreadsheets use would give 88,25 (B).
    result = ikm(responses_with_total(10, 318))
    assert result.rounded == Decimal("88.33")
    assert result.category == "A"


@pytest.mark.parametrize("value, category, label", [
    ("88.31", "A", "Sangat Baik"), ("88.30", "B", "Baik"),
    ("76.61", "B", "Baik"), ("76.60", "C", "Kurang Baik"),
    ("65.00", "C", "Kurang Baik"), ("64.99", "D", "Tidak Baik"),
])
def test_category_boundaries_on_the_rounded_value(value, category, label):
    assert classify(Decimal(value)) == (category, label)


@pytest.mark.parametrize("n, total, rounded, category", [
    (100, 3179, "88.31", "A"),     # 25·3179/900 = 88,3055…
    (1000, 31788, "88.30", "B"),   # 25·31788/9000 = 88,30 exactly
    (100, 2758, "76.61", "B"),     # 76,6111…
    (1000, 27576, "76.60", "C"),   # 76,60 exactly
    (10, 234, "65.00", "C"),       # 65,00 exactly
    (1000, 23396, "64.99", "D"),   # 64,9888…
    (10000, 317898, "88.31", "A"),  # 88,305 exactly: half up, not half even
])
def test_ikm_hits_each_boundary(n, total, rounded, category):
    result = ikm(responses_with_total(n, total))
    assert result.rounded == Decimal(rounded)
    assert result.category == category


# --- invalid responses are refused, never dropped ---------------------------------------

@pytest.mark.parametrize("bad, words", [
    ([3] * 8, "8 nilai"),
    ([3] * 10, "10 nilai"),
    ([3, 3, 0, 3, 3, 3, 3, 3, 3], "Waktu penyelesaian"),
    ([3, 3, 3, 3, 3, 3, 3, 3, 5], "Sarana dan prasarana"),
    ([3, None, 3, 3, 3, 3, 3, 3, 3], "belum dijawab"),
    ([3, 3, 3, "4", 3, 3, 3, 3, 3], "Biaya/tarif"),
    ([3, 3, 3, 3, 2.5, 3, 3, 3, 3], "Produk"),
    ([True, 3, 3, 3, 3, 3, 3, 3, 3], "Persyaratan"),
    ("343434343", "sembilan nilai"),
])
def test_invalid_response_refuses_the_whole_set(bad, words):
    with pytest.raises(ValidationError) as info:
        ikm([[4] * 9, bad, [4] * 9])
    assert "Jawaban ke-2" in info.value.message
    assert words in info.value.message


def test_no_response_is_refused():
    with pytest.raises(ValidationError, match="Belum ada jawaban"):
        ikm([])


def test_the_nine_elements_carry_the_regulation_wording():
    assert len(ELEMENTS) == 9
    by_code = {e.code: e.options for e in ELEMENTS}
    assert by_code["biaya"] == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert by_code["pengaduan"][3] == "Dikelola dengan baik"
    assert by_code["perilaku"][0] == "Tidak sopan dan ramah"


# --- recording a survey -------------------------------------------------------------

ANSWERS = [4, 3, 3, 4, 3, 4, 4, 3, 3]
PROFILE = {"sex": "P", "age_band": "30-39", "education": "sma", "occupation": "wirausaha"}


@pytest.fixture
def finished(make_request, counter, clock):
    request = make_request()
    wf.complete(counter, request)
    clock.advance(minutes=20)
    wf.to_signature(counter, request)
    clock.advance(minutes=10)
    wf.finish(counter, request)
    return Request.get_by_id(request.id)


def survey_refusal(request, ctx) -> str | None:
    """What the window is told about "Isi survei SKM" for this request."""
    return allowed_actions(Request.get_by_id(request.id), ctx.actor, ctx.now())["submit_survey"]


def test_survey_only_after_hand_over_and_only_once(finished, counter, clock):
    with pytest.raises(TransitionError, match="setelah surat diserahkan"):
        submit_survey(counter, finished, ANSWERS, PROFILE)
    assert "setelah surat diserahkan" in survey_refusal(finished, counter)
    wf.hand_over(counter, finished)
    assert survey_refusal(finished, counter) is None
    clock.advance(minutes=2)
    survey = submit_survey(counter, finished, ANSWERS, PROFILE, "  Ruang tunggu  nyaman. ")
    assert survey.answers == "433434433"
    assert survey.service_id == finished.service_id
    assert survey.comment == "Ruang tunggu nyaman."
    assert (survey.sex, survey.age_band, survey.education, survey.occupation) == ("P", "30-39", "sma", "wirausaha")
    assert "sudah diisi" in survey_refusal(finished, counter)
    with pytest.raises(TransitionError, match="sudah diisi"):
        submit_survey(counter, finished, [1] * 9, {})
    assert SurveyResponse.select().count() == 1


def test_survey_keeps_no_personal_data(finished, counter):
    wf.hand_over(counter, finished)
    submit_survey(counter, finished, ANSWERS, PROFILE, "Terima kasih")
    columns = {f.name for f in SurveyResponse._meta.sorted_fields}
    assert not columns & {"applicant_name", "nik", "phone", "address"}
    event = Event.select().where(Event.type == "survey.submitted").get()
    payload = json.loads(event.payload)
    text = event.payload
    # the answers are sealed (every IKM is counted from them); the comment, which may quote
    # the citizen, is kept beside the event where anonymisation erases it
    assert set(payload) == {"survey", "answers", "sex", "age_band", "education", "occupation", "personal_digest"}
    assert payload["answers"] == "433434433" and "Terima kasih" not in text
    assert event.data["comment"] == "Terima kasih"
    assert finished.applicant_name not in text and finished.nik not in text


def test_bad_input_names_its_field_and_writes_nothing(finished, counter):
    wf.hand_over(counter, finished)
    events = Event.select().count()
    cases = [
        (ANSWERS[:8], PROFILE, "answers"),
        ([4, 3, 3, 4, 3, 4, None, 3, 3], PROFILE, "answers.perilaku"),
        (ANSWERS, {**PROFILE, "education": "S3"}, "education"),
        (ANSWERS, {**PROFILE, "sex": "X"}, "sex"),
        (ANSWERS, {"name": "Siti"}, "profile"),
        (ANSWERS, "Perempuan", "profile"),
        (ANSWERS, {"sex": ["P"]}, "sex"),
    ]
    for answers, profile, field in cases:
        with pytest.raises(ValidationError) as info:
            submit_survey(counter, finished, answers, profile)
        assert info.value.field == field
    for comment in ("x" * 1001, 5, "ok\x00"):
        with pytest.raises(ValidationError) as info:
            submit_survey(counter, finished, ANSWERS, PROFILE, comment)
        assert info.value.field == "comment"
    assert SurveyResponse.select().count() == 0
    assert Event.select().count() == events


def test_profile_may_be_left_blank(finished, counter):
    wf.hand_over(counter, finished)
    survey = submit_survey(counter, finished, ANSWERS, {"sex": "L"})
    assert (survey.sex, survey.age_band, survey.education, survey.occupation) == ("L", "", "", "")


def test_the_camat_cannot_record_a_survey(finished, counter, staff, clock):
    wf.hand_over(counter, finished)
    with pytest.raises(AccessDenied):
        submit_survey(wf.Ctx(staff["camat"], clock), finished, ANSWERS, PROFILE)
