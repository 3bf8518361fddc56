"""The community satisfaction survey (SKM) of PermenPAN-RB No. 14 Tahun 2017 and its
index (IKM).

Nine elements (unsur), each answered on the regulation's four-point scale with the
questionnaire's own wording; the respondent's profile; an optional comment. Answers are
stored without the citizen's name: a survey row points at its request only so that a
request gets one survey, and reports never join it to the applicant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Sequence

from layar_ramah.audit import append_event
from layar_ramah.clock import OFFICE_TZ
from layar_ramah.errors import ValidationError
from layar_ramah.models import Request, SurveyResponse, to_utc_text
from layar_ramah.transaction import reload, transaction
from layar_ramah.validation import clean_text
from layar_ramah.wording import MONTHS
from layar_ramah.workflow import rules


@dataclass(frozen=True)
class Element:
    code: str
    name: str        # the unsur as the regulation names it
    question: str    # the questionnaire's question
    options: tuple[str, str, str, str]  # wording of the answers worth 1, 2, 3, 4


# In the order of the regulation's list of unsur (U1..U9); stored answers follow it.
ELEMENTS: tuple[Element, ...] = (
    Element("persyaratan", "Persyaratan",
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
            ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Element("prosedur", "Sistem, mekanisme, dan prosedur",
            "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    Element("waktu", "Waktu penyelesaian",
            "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
            ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Element("biaya", "Biaya/tarif",
            "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
            ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Element("produk", "Produk spesifikasi jenis pelayanan",
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
            "dalam standar pelayanan dengan hasil yang diberikan?",
            ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Element("kompetensi", "Kompetensi pelaksana",
            "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
            ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    Element("perilaku", "Perilaku pelaksana",
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
            "dan keramahan?",
            ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah")),
    Element("pengaduan", "Penanganan pengaduan, saran, dan masukan",
            "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
            ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik")),
    Element("sarana", "Sarana dan prasarana",
            "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
            ("Buruk", "Cukup", "Baik", "Sangat baik")),
)
# Respondent profile from the questionnaire; codes are stored, labels shown. "" = not given.
PROFILE_FIELDS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "sex": ("Jenis kelamin", (("L", "Laki-laki"), ("P", "Perempuan"))),
    "age_band": ("Usia", (("<20", "Di bawah 20 tahun"), ("20-29", "20–29 tahun"), ("30-39", "30–39 tahun"),
                          ("40-49", "40–49 tahun"), ("50-59", "50–59 tahun"), ("60+", "60 tahun ke atas"))),
    "education": ("Pendidikan", (("sd", "SD ke bawah"), ("smp", "SMP"), ("sma", "SMA"),
                                 ("diploma", "D1-D3-D4"), ("s1", "S1"), ("s2", "S2 ke atas"))),
    "occupation": ("Pekerjaan", (("pns", "PNS"), ("tni", "TNI"), ("polri", "POLRI"), ("swasta", "SWASTA"),
                                 ("wirausaha", "WIRAUSAHA"), ("lainnya", "Lainnya"))),
}
NOT_GIVEN = "Tidak diisi"

# Interval konversi IKM (lower bound of the value rounded to two decimals).
CATEGORIES = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)


def profile_label(field: str, code: str) -> str:
    return dict(PROFILE_FIELDS[field][1]).get(code, NOT_GIVEN) if code else NOT_GIVEN


@dataclass(frozen=True)
class Ikm:
    nrr: tuple[float, ...]   # per-element average, U1..U9
    value: float             # mean of the nine NRR × 25 (exact, not rounded)
    rounded: Decimal         # value rounded half-up to two decimals: what is printed and classified
    category: str            # A / B / C / D
    label: str               # Sangat Baik / Baik / Kurang Baik / Tidak Baik
    respondents: int


def classify(rounded: Decimal | float | str) -> tuple[str, str]:
    """(category, label) of an IKM value already rounded to two decimals."""
    value = Decimal(str(rounded))
    for bound, category, label in CATEGORIES[:-1]:
        if value >= bound:
            return category, label
    return CATEGORIES[-1][1], CATEGORIES[-1][2]


def _half_up(scaled: Fraction) -> Decimal:
    # floor(scaled + 1/2) on exact rationals
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return (Decimal(whole) / 100).quantize(Decimal("0.01"))


def validate_response(response, number: int | None = None) -> tuple[int, ...]:
    """Nine integers 1–4, else a ValidationError naming the response and the element."""
    def refuse(text: str, field: str) -> ValidationError:
        message = f"Jawaban ke-{number}: {text}" if number is not None else text[0].upper() + text[1:]
        return ValidationError(message, field=field)

    if isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
        raise refuse("jawaban harus berupa sembilan nilai 1–4, satu per unsur.", "answers")
    if len(response) != len(ELEMENTS):
        raise refuse(f"ada {len(response)} nilai; survei SKM punya tepat {len(ELEMENTS)} unsur.", "answers")
    for element, score in zip(ELEMENTS, response):
        if score is None:
            raise refuse(f"unsur «{element.name}» belum dijawab.", f"answers.{element.code}")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 4:
            raise refuse(f"unsur «{element.name}» bernilai {score!r}; pilihan yang sah hanya 1, 2, 3 atau 4.",
                         f"answers.{element.code}")
    return tuple(response)


def ikm(responses: Iterable[Sequence[int]]) -> Ikm:
    """NRR per element, IKM = mean(NRR) × 25 (each element weighted exactly 1/9), and its
    category. Every response is checked first; one bad response refuses the whole set
    rather than silently shrinking it."""
    checked = [validate_response(r, i) for i, r in enumerate(responses, start=1)]
    if not checked:
        raise ValidationError("Belum ada jawaban survei: IKM tidak dapat dihitung.", field="answers")
    totals = [sum(r[i] for r in checked) for i in range(len(ELEMENTS))]
    return ikm_from_totals(totals, len(checked))


def ikm_from_totals(totals: Sequence[int], respondents: int) -> Ikm:
    """The same figures from per-element sums (what a SQL GROUP BY returns)."""
    if respondents <= 0:
        raise ValidationError("Belum ada jawaban survei: IKM tidak dapat dihitung.", field="answers")
    nrr = [Fraction(int(t), respondents) for t in totals]
    exact = sum(nrr, Fraction(0)) / len(ELEMENTS) * 25
    rounded = _half_up(exact * 100)
    category, label = classify(rounded)
    return Ikm(tuple(float(x) for x in nrr), float(exact), rounded, category, label, respondents)


def parse_answers(text: str) -> tuple[int, ...]:
    """The stored form "343434343" back to nine integers."""
    if len(text) != len(ELEMENTS) or any(ch not in "1234" for ch in text):
        raise ValidationError(f"Data survei rusak: {text!r}.", field="answers")
    return tuple(int(ch) for ch in text)


def clean_profile(profile: dict | None) -> dict[str, str]:
    if profile is None:
        profile = {}
    if not isinstance(profile, dict):
        raise ValidationError("Profil responden tidak terbaca.", field="profile")
    unknown = [key for key in profile if key not in PROFILE_FIELDS]
    if unknown:
        raise ValidationError(f"Isian profil tidak dikenal: {', '.join(sorted(map(str, unknown)))}.",
                              field="profile")
    out = {}
    for field, (label, options) in PROFILE_FIELDS.items():
        value = profile.get(field) or ""
        if not isinstance(value, str) or (value and value not in dict(options)):
            raise ValidationError(f"{label}: pilih dari daftar.", field=field)
        out[field] = value
    return out


def clean_comment(comment) -> str:
    if comment is None:
        return ""
    if not isinstance(comment, str):
        raise ValidationError("Saran dan masukan harus berupa teks.", field="comment")
    return clean_text(comment, "comment", "Saran dan masukan", max_len=1000, required=False)


def submit_survey(ctx, request: Request | int, answers: Sequence[int], profile: dict | None = None,
                  comment: str = "") -> SurveyResponse:
    """Record one survey for a request that was handed over or delivered. The row keeps
    the service (for reports) and no name; the event seals the answers, never a name."""
    rules.require_role(ctx, "submit_survey")
    scores = validate_response(answers)
    cleaned = clean_profile(profile)
    note = clean_comment(comment)
    now = ctx.now()
    with transaction():
        row = reload(request)
        rules.check("submit_survey", rules.Standing(row, now), ctx.actor)
        survey = SurveyResponse.create(
            request=row.id, service=row.service_id, submitted_at=now,
            answers="".join(str(s) for s in scores), comment=note, **cleaned,
        )
        # The answers are sealed (the IKM of every report is counted from them); the comment
        # may quote the citizen, so it is kept beside the event and erased by anonymisation.
        append_event("survey.submitted", {"survey": survey.id, "answers": survey.answers, **cleaned},
                     at=now, actor=ctx.actor, request=row, personal={"comment": note} if note else None)
    return survey


def last_month_ikm(day: date) -> tuple[float | None, str, str]:
    """(IKM, its category, "Oktober 2026") of the surveys of the month before `day`'s;
    (None, "", "") when nobody answered. The waiting-room screen shows it."""
    first = day.replace(day=1)
    previous = (first - timedelta(days=1)).replace(day=1)
    lo = to_utc_text(datetime.combine(previous, time(0), OFFICE_TZ))
    hi = to_utc_text(datetime.combine(first, time(0), OFFICE_TZ))
    answers = [parse_answers(text) for (text,) in
               SurveyResponse.select(SurveyResponse.answers)
               .where((SurveyResponse.submitted_at >= lo) & (SurveyResponse.submitted_at < hi)).tuples()]
    if not answers:
        return None, "", ""
    result = ikm(answers)
    return float(result.rounded), result.label, f"{MONTHS[previous.month - 1]} {previous.year}"
