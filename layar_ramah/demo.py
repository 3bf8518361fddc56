"""The demo day: a realistic morning at the Kemlagi counter, built through the workflow
itself (so its events and chain are real), on a clock that then runs in real time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from layar_ramah import workflow as wf
from layar_ramah.calendar.versions import DEFAULT_CALENDAR, build_calendar
from layar_ramah.calling.counters import add_counter
from layar_ramah.clock import OFFICE_TZ, ManualClock, ShiftedClock
from layar_ramah.db import close_database, open_database
from layar_ramah.models import (
    Counter,
    Delivery,
    Event,
    Objection,
    Request,
    ServiceType,
    Setting,
    SurveyResponse,
    Village,
)
from layar_ramah.officers import create_officer
from layar_ramah.skm import submit_survey

DEMO_START = time(9, 50)
FIRST_NAMES_M = ["Slamet", "Suparno", "Agus", "Bambang", "Joko", "Sugeng", "Heru", "Wahyu", "Didik",
                 "Muhammad", "Ahmad", "Eko", "Hadi", "Sutrisno", "Imam"]
FIRST_NAMES_F = ["Siti", "Sri", "Endang", "Sulastri", "Ngatemi", "Wulan", "Dewi", "Rukmini", "Lestari",
                 "Nur'aini", "Puji", "Yuliati", "Kasmini", "Tutik"]
LAST_NAMES = ["Wibowo", "Santoso", "Rahayu", "Hidayat", "Susanto", "Purnomo", "Wahyuni", "Setiawan",
              "Kurniawati", "Prasetyo", "Maulana", "Fatimah", "Hariyanto", "Lestari"]

# (service code, minutes after opening it was registered, scenario, share of the SOP
# worked at the demo's start for the requests still open)
SCRIPT = [
    ("SKPSK", 2, "handed_over", 0), ("SKTM", 5, "handed_over", 0), ("AHWAR", 8, "handed_over", 0),
    ("SKPSK", 11, "handed_over_late", 0), ("SKCK", 14, "handed_over", 0), ("LEGDK", 17, "handed_over", 0),
    ("SKPSK", 20, "finished", 0), ("SKDU", 24, "finished", 0), ("SKTM", 28, "finished", 0),
    ("SKPSK", 31, "vulnerable_delivery", 0), ("SKPSK", 34, "breached_objection", 1.3),
    ("SKPSK", 37, "breached_upheld", 1.4), ("PINDH", 41, "cancelled", 0), ("SKPSK", 45, "signature", 0.75),
    ("AHWAR", 48, "signature", 0.6), ("REKOM", 52, "signature", 0.55), ("SKPSK", 55, "returned", 0.4),
    ("SKCK", 58, "signature", 0.5), ("SKPSK", 62, "in_process", 0.65), ("DISNK", 66, "in_process", 0.5),
    ("SKTM", 70, "returned", 0.3), ("SKPSK", 75, "in_process", 0.78), ("LEGDK", 80, "in_process", 0.45),
    ("IUMK", 84, "in_process", 0.03), ("SKPSK", 90, "in_process", 0.4), ("SKDU", 95, "in_process", 0.3),
    ("SKPSK", 100, "vulnerable_waiting", 0.25), ("SKTM", 104, "in_process", 0.2),
    ("AHWAR", 108, "registered", 0), ("SKPSK", 113, "registered", 0), ("SKCK", 118, "registered", 0),
    ("SKTM", 124, "registered", 0), ("SKPSK", 131, "in_process", 0.1),
]
# Minutes from opening (07:30) to the demo clock's start: all of it working time.
DEMO_OFFSET = (DEMO_START.hour * 60 + DEMO_START.minute) - (7 * 60 + 30)


@dataclass
class Demo:
    path: Path
    clock: ShiftedClock
    day: date


def demo_day(today: date) -> date:
    """The latest Monday–Thursday working day on or before today (full morning hours)."""
    calendar = build_calendar(DEFAULT_CALENDAR)  # before any database exists
    d = today
    while d.weekday() > 3 or not calendar.hours_on(d):
        d -= timedelta(days=1)
    return d


def nik_for(birth: date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return f"351615{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def open_demo(path: Path, today: date) -> Demo:
    """Open the demo database, building it on first use (or when its morning is over)."""
    if path.exists():
        open_database(path)
        row = Setting.get_or_none(Setting.key == "demo_day")
        last = Event.select(Event.at).order_by(Event.id.desc()).first()
        if row is not None and last is not None:
            day = date.fromisoformat(row.value)
            start = datetime.combine(day, DEMO_START, OFFICE_TZ)
            resume = max(start, last.at + timedelta(minutes=1))
            if resume.astimezone(OFFICE_TZ).time() < time(14, 30):
                return Demo(path, ShiftedClock(resume), day)
        close_database()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    day = demo_day(today)
    build_demo(path, day)
    return Demo(path, ShiftedClock(datetime.combine(day, DEMO_START, OFFICE_TZ)), day)


def build_demo(path: Path | str, day: date, seed: int = 7) -> None:
    rng = random.Random(seed)
    opening = datetime.combine(day, time(7, 30), OFFICE_TZ)
    clock = ManualClock(opening - timedelta(minutes=30))
    open_database(path, clock)
    admin = create_officer(None, name="Admin Kecamatan", position="Pengelola aplikasi",
                           roles=("admin",), now=clock.now())
    ctx = wf.Ctx(admin, clock)
    kasi = create_officer(ctx, name="Dra. Sri Wahyuningsih", nip="197503142000032004",
                          position="Kasi Pelayanan", roles=("kasi_pelayanan",))
    create_officer(ctx, name="Drs. Bambang Hermanto, M.Si.", nip="196908121995031003",
                   position="Camat Kemlagi", roles=("camat",))
    petugas = [
        create_officer(ctx, name=n, nip=nip, position="Petugas pelayanan", roles=("petugas",))
        for n, nip in (("Ahmad Fauzi", "198604222010011012"), ("Rina Puspitasari", "199001152015032001"),
                       ("Yusuf Effendi", "198812032011011005"))
    ]
    operator = create_officer(ctx, name="Dewi Anggraini", nip="199507182019032008",
                              position="Operator loket", roles=("operator",))
    Setting.insert(key="demo_day", value=day.isoformat()).on_conflict_replace().execute()
    add_counter(ctx, number=2, name="Pengambilan surat")  # Loket 1 comes with every office

    services = {s.code: s for s in ServiceType.select()}
    villages = list(Village.select())
    counter = wf.Ctx(operator, clock)
    kasi_ctx = wf.Ctx(kasi, clock)
    steps = []
    for i, (code, minute, scenario, share) in enumerate(SCRIPT):
        service = services.get(code) or services["SKPSK"]
        sop = service.sop_minutes
        started = DEMO_OFFSET - share * sop  # when the clock started, for the open ones
        if share:
            minute = max(0, min(minute, int(started) - 2))
        female = rng.random() < 0.5
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        elderly = scenario.startswith("vulnerable")
        birth = date(rng.randint(1941, 1950) if elderly else rng.randint(1960, 2005),
                     rng.randint(1, 12), rng.randint(1, 28))
        clock.set(opening + timedelta(minutes=minute))
        request = wf.register(
            counter, applicant_name=f"{first} {rng.choice(LAST_NAMES)}",
            nik=nik_for(birth, female, i + 1), phone=f"08{rng.randint(11, 59)}{rng.randint(10**7, 10**8 - 1)}",
            address=f"Dusun {rng.choice(['Krajan', 'Sumber', 'Ngelo', 'Balong', 'Kedung'])} No. {rng.randint(1, 90)}",
            village=rng.choice(villages), rt=str(rng.randint(1, 8)), rw=str(rng.randint(1, 4)),
            service=service, vulnerability="elderly" if elderly else "none",
            officer=petugas[i % len(petugas)], home_delivery=scenario == "vulnerable_delivery",
        )
        # The rest of the morning, replayed below in time order through the workflow.
        done = {"handed_over": (6, 0.6 * sop, 0.2 * sop, 25), "handed_over_late": (5, sop + 14, 15, 20),
                "finished": (5, 0.7 * sop, 0.2 * sop, None), "vulnerable_delivery": (3, 0.5 * sop, 8, None)}
        if scenario in done:
            wait, sign_after, finish_after, pickup_after = done[scenario]
            steps += [(minute + wait, "complete", request),
                      (minute + wait + sign_after - finish_after, "to_signature", request),
                      (minute + wait + sign_after, "finish", request)]
            if pickup_after is not None:
                # called to the counter a few minutes before the citizen collects it
                steps.append((minute + wait + sign_after + pickup_after - 3, f"call:{1 + i % 2}", request))
                steps.append((minute + wait + sign_after + pickup_after, "hand_over", request))
                # the citizen answers the SKM survey at the counter after pickup
                steps.append((minute + wait + sign_after + pickup_after + 2, "survey", request))
            if scenario == "vulnerable_delivery":
                # approved while the letter is still being made; it leaves once signed
                steps += [(minute + wait + 10, "approve_delivery", request),
                          (minute + wait + sign_after + 6, "dispatch", request),
                          (minute + wait + sign_after + 50, "delivered", request)]
        elif scenario == "cancelled":
            steps.append((minute + 6, "cancel", request))
        elif share:
            steps.append((started, "complete", request))
            if scenario == "signature":
                steps.append((started + 0.4 * sop, "to_signature", request))
            elif scenario == "returned":
                steps.append((DEMO_OFFSET - 3, "return", request))
                steps.append((DEMO_OFFSET - 2, "call:1", request))  # to complete the documents
            elif scenario == "breached_objection":
                steps.append((started + sop + 10, "objection", request))
            elif scenario == "breached_upheld":
                steps += [(started + sop + 5, "objection", request), (started + sop + 8, "uphold", request),
                          (started + sop + 12, "approve_delivery", request)]
    for minute, action, request in sorted(steps, key=lambda s: s[0]):
        clock.set(opening + timedelta(minutes=minute))
        _apply(action, request, counter, kasi_ctx)
    close_database()


# SKM answers (U1..U9) and profiles of the demo's handed-over requests, in pickup order.
DEMO_SURVEYS = [
    ((4, 3, 3, 4, 3, 4, 4, 3, 3), {"sex": "P", "age_band": "30-39", "education": "sma", "occupation": "wirausaha"},
     "Pelayanan cepat dan petugasnya ramah."),
    ((3, 3, 4, 4, 3, 3, 4, 3, 2), {"sex": "L", "age_band": "40-49", "education": "smp", "occupation": "swasta"},
     "Ruang tunggu kurang kursi."),
    ((3, 4, 3, 4, 4, 3, 3, 3, 3), {"sex": "L", "age_band": "50-59", "education": "s1", "occupation": "pns"}, ""),
    ((2, 3, 2, 4, 3, 3, 3, 2, 3), {"sex": "P", "age_band": "20-29", "education": "sma", "occupation": "lainnya"},
     "Menunggu tanda tangan terlalu lama."),
    ((4, 4, 4, 4, 4, 4, 4, 3, 3), {"sex": "L", "age_band": "60+", "education": "sd", "occupation": "lainnya"}, ""),
    ((3, 3, 3, 4, 3, 4, 4, 3, 3), {"sex": "P", "age_band": "30-39", "education": "diploma",
                                   "occupation": "swasta"}, ""),
]


def _apply(action: str, request: Request, counter: wf.Ctx, kasi_ctx: wf.Ctx) -> None:
    if action == "survey":
        answers, profile, comment = DEMO_SURVEYS[SurveyResponse.select().count() % len(DEMO_SURVEYS)]
        submit_survey(counter, request, answers, profile, comment)
        return
    if action.startswith("call:"):
        wf.call(counter, request, Counter.get(Counter.number == int(action[5:])))
    elif action == "complete":
        wf.complete(counter, request)
    elif action == "to_signature":
        wf.to_signature(counter, request)
    elif action == "finish":
        wf.finish(counter, request)
    elif action == "hand_over":
        wf.hand_over(counter, request)
    elif action == "cancel":
        wf.cancel(counter, request, "Pemohon memilih mengurus di lain hari")
    elif action == "return":
        wf.return_documents(counter, request, "Fotokopi KK belum dilampirkan")
    elif action == "objection":
        objection = getattr(wf, "file_objection", None)
        if objection is not None:
            objection(counter, request, statement="Berkas saya sudah lengkap sejak pagi, "
                      "sudah lebih dari satu jam belum selesai.")
    elif action == "uphold":
        objection = Objection.get((Objection.request == request.id) & (Objection.status == "open"))
        wf.decide_objection(kasi_ctx, objection, upheld=True,
                            reason="Catatan waktu menunjukkan SOP terlampaui; pemohon dipersilakan pulang.")
    elif action in ("approve_delivery", "dispatch", "delivered"):
        delivery = Delivery.get(Delivery.request == request.id)
        if action == "approve_delivery":
            wf.approve_delivery(kasi_ctx, delivery, delivery.courier_id,
                                kasi_ctx.now().astimezone(OFFICE_TZ).date())
        elif action == "dispatch":
            wf.dispatch(counter, delivery)
        else:
            wf.record_delivered(counter, delivery, "Suwarni", "Anak")
