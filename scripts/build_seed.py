"""Build `data/seed.sql`: the reference data every wmp-tui database starts with.

Why this script exists: the seed is several hundred rows of SQL (a gazetteer, a board of units
with scattered positions, operators with PBKDF2 PIN hashes) that nobody should edit by hand.
The readable source of truth is the literal tables below; this script turns them into SQL that
SQLite (3.24 or later) and PostgreSQL both accept, and that can be loaded any number of times:

- every statement is `INSERT INTO t (cols) VALUES (...), (...) ON CONFLICT DO NOTHING;`, in
  batches of at most 200 rows, each ending with `;` at the end of a line (the loader in
  `wmp_tui/store/seed.py` splits on `;` + newline, so no literal or comment contains `;`);
- every row has an explicit key, so a second load adds nothing.

Ids: a location's id is its NPU's base (BE 1000, BW 2000, ... WV 8000) plus its position in that
NPU's list, starting at 1. To keep ids stable, add new places at the END of an NPU's list and
never reorder or delete. Operator ids are their position in `OPERATORS`, the same rule applies.

Units are generated from a fixed random seed, so running the script twice gives the same file.
Every seeded operator's PIN is 1234 (meant to be changed at first use).

Run from the project root:  .venv/bin/python scripts/build_seed.py
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wmp_tui.domain.operators import hash_pin  # noqa: E402
from wmp_tui.domain.vocabulary import (  # noqa: E402
    NPU_NAMES,
    OperatorRole,
    Skill,
    UnitStatus,
    UnitType,
)

OUTPUT = ROOT / "data" / "seed.sql"
RANDOM_SEED = 20240601
BATCH = 200
SEED_PIN = "1234"

# The force area (DOMAIN.md §2): everything seeded must lie inside it.
LAT_MIN, LAT_MAX = 52.35, 52.70
LON_MIN, LON_MAX = -2.25, -1.40

KINDS = {
    "street",
    "town_centre",
    "station",
    "landmark",
    "shopping",
    "hospital",
    "park",
    "stadium",
    "school",
    "estate",
}

HOT = True  # in a hotgrid: busy town centres, night-time economy, known hotspots
__ = False

# ---------------------------------------------------------------------------------------------
# The gazetteer: (name, kind, lat, lon, hotgrid), per NPU. Approximate real coordinates.
# ---------------------------------------------------------------------------------------------

# A location's id is its NPU's base plus its position in the NPU's list (see the docstring).
ID_BASE = {
    "BE": 1000,
    "BW": 2000,
    "CV": 3000,
    "DY": 4000,
    "SH": 5000,
    "SW": 6000,
    "WS": 7000,
    "WV": 8000,
}

PLACES: dict[str, list[tuple[str, str, float, float, bool]]] = {
    # Birmingham East: Erdington, Sutton Coldfield, Kingstanding, Castle Vale, Hodge Hill,
    # Washwood Heath, Bordesley Green, Small Heath, Stechford, Yardley, Acocks Green, Sheldon.
    "BE": [
        ("Erdington High Street", "street", 52.5240, -1.8390, HOT),
        ("Six Ways, Erdington", "landmark", 52.5190, -1.8420, HOT),
        ("Erdington Station", "station", 52.5283, -1.8394, __),
        ("Gravelly Hill Interchange (Spaghetti Junction)", "landmark", 52.5085, -1.8590, __),
        ("Gravelly Hill Station", "station", 52.5151, -1.8527, __),
        ("Slade Road, Stockland Green", "street", 52.5180, -1.8530, __),
        ("Sutton Coldfield Town Centre", "town_centre", 52.5640, -1.8240, HOT),
        ("Gracechurch Centre, Sutton Coldfield", "shopping", 52.5633, -1.8228, __),
        ("Sutton Coldfield Station", "station", 52.5654, -1.8249, __),
        ("Sutton Park", "park", 52.5740, -1.8500, __),
        ("Good Hope Hospital", "hospital", 52.5720, -1.8130, __),
        ("Boldmere Road, Boldmere", "street", 52.5470, -1.8400, __),
        ("Mere Green", "town_centre", 52.5920, -1.8290, __),
        ("Four Oaks Station", "station", 52.5797, -1.8279, __),
        ("Walmley Village", "town_centre", 52.5450, -1.8000, __),
        ("Wylde Green Station", "station", 52.5459, -1.8315, __),
        ("Chester Road Station", "station", 52.5356, -1.8325, __),
        ("Kingstanding Circle", "landmark", 52.5470, -1.8840, __),
        ("Pype Hayes Park", "park", 52.5240, -1.8100, __),
        ("Tyburn Road, Erdington", "street", 52.5130, -1.8160, __),
        ("Farnborough Road, Castle Vale", "estate", 52.5200, -1.7880, __),
        ("Castle Vale Retail Park", "shopping", 52.5195, -1.7940, __),
        ("Jaguar Plant, Castle Bromwich", "landmark", 52.5105, -1.7950, __),
        ("Fort Shopping Park", "shopping", 52.5060, -1.8100, __),
        ("Bromford Lane, Ward End", "street", 52.5030, -1.8150, __),
        ("Ward End Park", "park", 52.4960, -1.8200, __),
        ("Washwood Heath Road", "street", 52.4930, -1.8300, __),
        ("Alum Rock Road", "street", 52.4890, -1.8410, HOT),
        ("Saltley Gate", "landmark", 52.4880, -1.8580, __),
        ("Bordesley Green", "street", 52.4800, -1.8450, __),
        ("Heartlands Hospital", "hospital", 52.4795, -1.8085, __),
        ("Coventry Road, Small Heath", "street", 52.4710, -1.8540, HOT),
        ("St Andrew's Stadium", "stadium", 52.4756, -1.8682, __),
        ("Small Heath Park", "park", 52.4660, -1.8490, __),
        ("Small Heath Station", "station", 52.4636, -1.8597, __),
        ("Tyseley Station", "station", 52.4541, -1.8391, __),
        ("Hodge Hill Common", "park", 52.4960, -1.7950, __),
        ("Coleshill Road, Hodge Hill", "street", 52.4960, -1.7870, __),
        ("Station Road, Stechford", "street", 52.4840, -1.8080, __),
        ("Stechford Station", "station", 52.4846, -1.8110, __),
        ("Packington Avenue, Shard End", "estate", 52.4910, -1.7630, __),
        ("Kitts Green Road", "street", 52.4780, -1.7710, __),
        ("Church Road, Old Yardley Village", "landmark", 52.4720, -1.8010, __),
        ("Swan Shopping Centre, Yardley", "shopping", 52.4668, -1.8030, __),
        ("Acocks Green Village", "town_centre", 52.4470, -1.8210, __),
        ("Acocks Green Station", "station", 52.4492, -1.8185, __),
        ("Coventry Road, Sheldon", "street", 52.4620, -1.7650, __),
        ("Sheldon Country Park", "park", 52.4630, -1.7480, __),
        ("Minworth Industrial Park", "landmark", 52.5280, -1.7650, __),
    ],
    # Birmingham West: city centre, Ladywood, Aston, Edgbaston, Harborne, Handsworth,
    # Perry Barr, Selly Oak, Northfield, Kings Norton, Hall Green, Moseley, Sparkbrook.
    "BW": [
        ("Birmingham New Street Station", "station", 52.4778, -1.8990, HOT),
        ("Grand Central, Birmingham", "shopping", 52.4776, -1.8985, __),
        ("Bullring Shopping Centre", "shopping", 52.4773, -1.8940, HOT),
        ("New Street, Birmingham", "street", 52.4790, -1.8985, __),
        ("Corporation Street, Birmingham", "street", 52.4820, -1.8955, HOT),
        ("Colmore Row, Birmingham", "street", 52.4814, -1.8995, __),
        ("Broad Street, Birmingham", "street", 52.4770, -1.9130, HOT),
        ("Hurst Street, Birmingham", "street", 52.4730, -1.8940, HOT),
        ("Birmingham Moor Street Station", "station", 52.4791, -1.8924, __),
        ("Birmingham Snow Hill Station", "station", 52.4834, -1.8990, __),
        ("Digbeth Coach Station", "station", 52.4748, -1.8855, __),
        ("Digbeth High Street", "street", 52.4755, -1.8870, HOT),
        ("Victoria Square, Birmingham", "landmark", 52.4797, -1.9030, __),
        ("Centenary Square, Birmingham", "landmark", 52.4795, -1.9080, __),
        ("Library of Birmingham", "landmark", 52.4797, -1.9087, __),
        ("Birmingham Museum and Art Gallery", "landmark", 52.4803, -1.9037, __),
        ("St Philip's Cathedral", "landmark", 52.4811, -1.8990, __),
        ("St Chad's Cathedral", "landmark", 52.4852, -1.8978, __),
        ("Victoria Law Courts, Corporation Street", "landmark", 52.4843, -1.8938, __),
        ("The Mailbox", "shopping", 52.4760, -1.9040, __),
        ("Gas Street Basin", "landmark", 52.4765, -1.9080, __),
        ("Brindleyplace", "landmark", 52.4780, -1.9125, __),
        ("International Convention Centre", "landmark", 52.4787, -1.9105, __),
        ("Utilita Arena Birmingham", "stadium", 52.4795, -1.9150, __),
        ("Five Ways, Edgbaston", "landmark", 52.4710, -1.9160, __),
        ("Millennium Point, Eastside", "landmark", 52.4826, -1.8865, __),
        ("Aston University", "school", 52.4866, -1.8880, __),
        ("Birmingham Children's Hospital", "hospital", 52.4847, -1.8937, __),
        ("St Paul's Square, Jewellery Quarter", "landmark", 52.4860, -1.9060, __),
        ("Jewellery Quarter Station", "station", 52.4893, -1.9131, __),
        ("Spring Hill, Ladywood", "street", 52.4845, -1.9225, __),
        ("Ladywood Middleway", "street", 52.4780, -1.9250, __),
        ("Edgbaston Reservoir", "park", 52.4815, -1.9355, __),
        ("City Hospital, Dudley Road", "hospital", 52.4885, -1.9400, __),
        ("HMP Birmingham, Winson Green Road", "landmark", 52.4900, -1.9370, __),
        ("Summerfield Park", "park", 52.4885, -1.9470, __),
        ("Hagley Road, Edgbaston", "street", 52.4705, -1.9300, __),
        ("Birmingham Botanical Gardens", "park", 52.4665, -1.9290, __),
        ("Edgbaston Stadium", "stadium", 52.4559, -1.9025, __),
        ("Cannon Hill Park", "park", 52.4535, -1.9000, __),
        ("University of Birmingham", "school", 52.4508, -1.9305, __),
        ("University Station", "station", 52.4510, -1.9365, __),
        ("Queen Elizabeth Hospital Birmingham", "hospital", 52.4525, -1.9425, __),
        ("Birmingham Women's Hospital", "hospital", 52.4530, -1.9380, __),
        ("Harborne High Street", "street", 52.4600, -1.9530, __),
        ("Hagley Road West, Quinton", "street", 52.4650, -1.9950, __),
        ("Woodgate Valley Country Park", "park", 52.4420, -1.9900, __),
        ("Bristol Road, Selly Oak", "street", 52.4425, -1.9370, HOT),
        ("Selly Oak Station", "station", 52.4419, -1.9359, __),
        ("Bournville Village Green", "landmark", 52.4290, -1.9330, __),
        ("Cadbury World, Bournville", "landmark", 52.4282, -1.9323, __),
        ("Pershore Road, Stirchley", "street", 52.4310, -1.9200, __),
        ("Pershore Road South, Cotteridge", "street", 52.4180, -1.9250, __),
        ("Kings Norton Green", "landmark", 52.4070, -1.9300, __),
        ("Kings Norton Station", "station", 52.4144, -1.9316, __),
        ("Bristol Road South, Northfield", "town_centre", 52.4160, -1.9670, __),
        ("Northfield Station", "station", 52.4085, -1.9660, __),
        ("Royal Orthopaedic Hospital, Northfield", "hospital", 52.4240, -1.9560, __),
        ("Longbridge Town Centre", "town_centre", 52.3960, -1.9800, __),
        ("Moseley Village", "town_centre", 52.4470, -1.8860, __),
        ("Moseley Road, Balsall Heath", "street", 52.4620, -1.8830, __),
        ("Birmingham Central Mosque, Belgrave Middleway", "landmark", 52.4650, -1.8880, __),
        ("Ladypool Road, Sparkbrook", "street", 52.4590, -1.8710, HOT),
        ("Stratford Road, Sparkhill", "street", 52.4555, -1.8580, HOT),
        ("Kings Heath High Street", "street", 52.4330, -1.8925, __),
        ("Kings Heath Park", "park", 52.4290, -1.8960, __),
        ("Stratford Road, Hall Green", "street", 52.4330, -1.8410, __),
        ("Hall Green Station", "station", 52.4370, -1.8450, __),
        ("Sarehole Mill, Hall Green", "landmark", 52.4300, -1.8580, __),
        ("Swanshurst Park, Billesley", "park", 52.4300, -1.8600, __),
        ("Soho Road, Handsworth", "street", 52.4960, -1.9280, HOT),
        ("Handsworth Park", "park", 52.5020, -1.9220, __),
        ("Lozells Road, Lozells", "street", 52.4990, -1.9060, __),
        ("Villa Park", "stadium", 52.5092, -1.8848, __),
        ("Aston Hall", "landmark", 52.5062, -1.8720, __),
        ("Witton Station", "station", 52.5122, -1.8847, __),
        ("Birchfield Road, Perry Barr", "street", 52.5150, -1.9000, __),
        ("One Stop Shopping Centre, Perry Barr", "shopping", 52.5180, -1.9020, __),
        ("Perry Barr Station", "station", 52.5165, -1.9018, __),
        ("Alexander Stadium", "stadium", 52.5300, -1.9040, __),
    ],
    # Coventry.
    "CV": [
        ("Coventry Cathedral", "landmark", 52.4083, -1.5070, __),
        ("Coventry Station", "station", 52.4008, -1.5135, __),
        ("Pool Meadow Bus Station", "station", 52.4110, -1.5070, __),
        ("Broadgate, Coventry", "town_centre", 52.4078, -1.5105, HOT),
        ("West Orchards Shopping Centre", "shopping", 52.4090, -1.5120, __),
        ("Lower Precinct, Coventry", "shopping", 52.4075, -1.5135, __),
        ("Hertford Street, Coventry", "street", 52.4063, -1.5107, __),
        ("Spon Street, Coventry", "street", 52.4090, -1.5180, __),
        ("Far Gosford Street, Coventry", "street", 52.4060, -1.4960, HOT),
        ("FarGo Village, Coventry", "landmark", 52.4070, -1.4930, __),
        ("Skydome, Croft Road, Coventry", "landmark", 52.4055, -1.5160, HOT),
        ("Coventry Transport Museum", "landmark", 52.4105, -1.5090, __),
        ("Herbert Art Gallery and Museum", "landmark", 52.4068, -1.5060, __),
        ("Coventry Magistrates' Court, Little Park Street", "landmark", 52.4050, -1.5100, __),
        ("Coventry University", "school", 52.4066, -1.5040, __),
        ("Coventry Canal Basin", "landmark", 52.4125, -1.5140, __),
        ("Swanswell Pool", "park", 52.4140, -1.5060, __),
        ("War Memorial Park", "park", 52.3930, -1.5190, __),
        ("Earlsdon Street, Earlsdon", "street", 52.3985, -1.5280, __),
        ("Holyhead Road, Coventry", "street", 52.4130, -1.5300, __),
        ("Coundon Road, Coundon", "street", 52.4160, -1.5280, __),
        ("Radford Road, Radford", "street", 52.4220, -1.5200, __),
        ("Foleshill Road, Foleshill", "street", 52.4250, -1.5000, HOT),
        ("Stoney Stanton Road", "street", 52.4210, -1.4960, __),
        ("Holbrook Lane, Holbrooks", "street", 52.4370, -1.5050, __),
        ("Longford Road, Longford", "street", 52.4470, -1.4850, __),
        ("Coventry Building Society Arena", "stadium", 52.4481, -1.4958, __),
        ("Arena Shopping Park", "shopping", 52.4470, -1.4930, __),
        ("Bell Green", "town_centre", 52.4380, -1.4800, __),
        ("Deedmore Road, Wood End", "estate", 52.4420, -1.4680, __),
        ("Ansty Road, Wyken", "street", 52.4250, -1.4600, __),
        ("Caludon Castle Park", "park", 52.4240, -1.4560, __),
        ("University Hospital Coventry", "hospital", 52.4210, -1.4385, __),
        ("Walsgrave Road, Ball Hill", "street", 52.4110, -1.4810, __),
        ("Binley Road, Stoke", "street", 52.4050, -1.4800, __),
        ("Remembrance Road, Willenhall", "estate", 52.3870, -1.4730, __),
        ("Jaguar Land Rover, Whitley", "landmark", 52.3850, -1.4900, __),
        ("Cannon Park Shopping Centre", "shopping", 52.3880, -1.5500, __),
        ("University of Warwick", "school", 52.3793, -1.5615, __),
        ("Canley Station", "station", 52.3993, -1.5476, __),
        ("Tile Hill Lane, Tile Hill", "street", 52.4000, -1.5700, __),
        ("Tile Hill Station", "station", 52.3950, -1.5970, __),
        ("Allesley Park", "park", 52.4120, -1.5600, __),
    ],
    # Dudley: Dudley, Brierley Hill, Stourbridge, Halesowen, Kingswinford, Sedgley, Gornal.
    "DY": [
        ("Dudley Town Centre", "town_centre", 52.5103, -2.0855, HOT),
        ("Dudley Bus Station", "station", 52.5120, -2.0840, __),
        ("Castle Hill, Dudley", "street", 52.5140, -2.0800, __),
        ("Dudley Zoo and Castle", "landmark", 52.5125, -2.0810, __),
        ("Black Country Living Museum", "landmark", 52.5204, -2.0758, __),
        ("Dudley College", "school", 52.5100, -2.0800, __),
        ("Priory Park, Dudley", "park", 52.5160, -2.0900, __),
        ("Birmingham New Road, Burnt Tree", "street", 52.5150, -2.0640, __),
        ("Wrens Nest Nature Reserve", "park", 52.5250, -2.0960, __),
        ("Russells Hall Hospital", "hospital", 52.5005, -2.1040, __),
        ("Halesowen Road, Netherton", "street", 52.4920, -2.0820, __),
        ("Saltwells Nature Reserve", "park", 52.4810, -2.0920, __),
        ("Merry Hill Shopping Centre", "shopping", 52.4814, -2.1117, HOT),
        ("The Waterfront, Brierley Hill", "landmark", 52.4860, -2.1100, __),
        ("Brierley Hill High Street", "street", 52.4810, -2.1220, __),
        ("Quarry Bank High Street", "street", 52.4740, -2.1010, __),
        ("Pensnett High Street", "street", 52.4950, -2.1350, __),
        ("Market Street, Kingswinford", "town_centre", 52.4970, -2.1680, __),
        ("Wall Heath", "town_centre", 52.5130, -2.1780, __),
        ("High Street, Wordsley", "street", 52.4830, -2.1590, __),
        ("Red House Glass Cone, Wordsley", "landmark", 52.4860, -2.1630, __),
        ("Brettell Lane, Amblecote", "street", 52.4710, -2.1480, __),
        ("Stourbridge Town Centre", "town_centre", 52.4560, -2.1470, HOT),
        ("Stourbridge Town Station", "station", 52.4550, -2.1420, __),
        ("Stourbridge Junction Station", "station", 52.4474, -2.1335, __),
        ("Mary Stevens Park, Stourbridge", "park", 52.4520, -2.1530, __),
        ("Lye High Street", "street", 52.4590, -2.1160, __),
        ("Lye Station", "station", 52.4600, -2.1158, __),
        ("Windmill Hill, Colley Gate", "street", 52.4580, -2.0850, __),
        ("Halesowen Town Centre", "town_centre", 52.4490, -2.0500, __),
        ("Cornbow Shopping Centre, Halesowen", "shopping", 52.4495, -2.0510, __),
        ("Halesowen Bus Station", "station", 52.4485, -2.0495, __),
        ("Halesowen College", "school", 52.4500, -2.0480, __),
        ("Leasowes Park, Halesowen", "park", 52.4530, -2.0610, __),
        ("Hayley Green", "town_centre", 52.4420, -2.0700, __),
        ("Sedgley Bull Ring", "town_centre", 52.5400, -2.1240, __),
        ("Gornal Wood", "town_centre", 52.5230, -2.1230, __),
        ("Kent Street, Upper Gornal", "street", 52.5290, -2.1150, __),
        ("Coseley Station", "station", 52.5455, -2.0858, __),
    ],
    # Solihull: town centre, Shirley, Olton, north Solihull, the NEC and airport, the villages.
    "SH": [
        ("Touchwood Shopping Centre", "shopping", 52.4128, -1.7781, HOT),
        ("Solihull High Street", "town_centre", 52.4136, -1.7770, HOT),
        ("Mell Square, Solihull", "shopping", 52.4145, -1.7800, __),
        ("Warwick Road, Solihull", "street", 52.4135, -1.7750, __),
        ("Solihull Station", "station", 52.4142, -1.7880, __),
        ("Solihull Hospital, Lode Lane", "hospital", 52.4195, -1.7720, __),
        ("Tudor Grange Park", "park", 52.4090, -1.7900, __),
        ("Brueton Park", "park", 52.4080, -1.7690, __),
        ("Solihull School", "school", 52.4120, -1.7890, __),
        ("Solihull College, Blossomfield Road", "school", 52.4080, -1.7960, __),
        ("Jaguar Land Rover, Lode Lane", "landmark", 52.4300, -1.7700, __),
        ("Hobs Moat Road", "street", 52.4390, -1.7700, __),
        ("Warwick Road, Olton", "street", 52.4350, -1.8050, __),
        ("Olton Station", "station", 52.4384, -1.8042, __),
        ("Stratford Road, Shirley", "town_centre", 52.4050, -1.8200, __),
        ("Parkgate Shopping Centre, Shirley", "shopping", 52.4075, -1.8215, __),
        ("Shirley Park", "park", 52.4040, -1.8170, __),
        ("Shirley Station", "station", 52.4035, -1.8450, __),
        ("Stratford Road, Monkspath", "street", 52.3850, -1.8000, __),
        ("Hillfield Park, Monkspath", "park", 52.3890, -1.7960, __),
        ("Blythe Valley Business Park", "landmark", 52.3790, -1.7800, __),
        ("Widney Manor Station", "station", 52.3960, -1.7740, __),
        ("Knowle High Street", "town_centre", 52.3880, -1.7320, __),
        ("Dorridge Village", "town_centre", 52.3715, -1.7550, __),
        ("Dorridge Station", "station", 52.3720, -1.7530, __),
        ("Balsall Common", "town_centre", 52.3900, -1.6500, __),
        ("Berkswell Station", "station", 52.3958, -1.6430, __),
        ("Meriden Village Green", "landmark", 52.4375, -1.6460, __),
        ("Hampton-in-Arden Station", "station", 52.4290, -1.7000, __),
        ("Catherine-de-Barnes", "landmark", 52.4270, -1.7380, __),
        ("Bickenhill Village", "landmark", 52.4420, -1.7130, __),
        ("NEC", "landmark", 52.4536, -1.7186, __),
        ("Resorts World Birmingham", "landmark", 52.4500, -1.7220, __),
        ("Birmingham International Station", "station", 52.4509, -1.7259, __),
        ("Birmingham Airport", "landmark", 52.4530, -1.7340, __),
        ("M42 Junction 6", "landmark", 52.4490, -1.7290, __),
        ("Elmdon Park", "park", 52.4380, -1.7570, __),
        ("Station Road, Marston Green", "street", 52.4690, -1.7560, __),
        ("Marston Green Station", "station", 52.4672, -1.7558, __),
        ("Birmingham Business Park", "landmark", 52.4680, -1.7310, __),
        ("Chelmsley Wood Town Centre", "town_centre", 52.4800, -1.7350, HOT),
        ("Windward Way, Smith's Wood", "estate", 52.4920, -1.7250, __),
        ("Kingshurst Village Centre", "town_centre", 52.4950, -1.7470, __),
        ("Castle Bromwich Hall Gardens", "park", 52.5058, -1.7895, __),
    ],
    # Sandwell: West Bromwich, Oldbury, Smethwick, Tipton, Wednesbury, Rowley Regis.
    "SW": [
        ("West Bromwich Town Centre", "town_centre", 52.5187, -1.9945, HOT),
        ("New Square, West Bromwich", "shopping", 52.5175, -1.9965, __),
        ("Kings Square Shopping Centre, West Bromwich", "shopping", 52.5185, -1.9960, __),
        ("West Bromwich Bus Station", "station", 52.5170, -1.9935, __),
        ("West Bromwich Central Tram Stop", "station", 52.5180, -1.9980, __),
        ("Carters Green, West Bromwich", "landmark", 52.5235, -2.0000, __),
        ("Oak House Museum, West Bromwich", "landmark", 52.5155, -2.0050, __),
        ("Greets Green", "estate", 52.5200, -2.0130, __),
        ("Hill Top, West Bromwich", "street", 52.5380, -2.0170, __),
        ("Stone Cross, West Bromwich", "landmark", 52.5360, -1.9900, __),
        ("Friar Park, Wednesbury", "estate", 52.5470, -1.9950, __),
        ("Sandwell General Hospital", "hospital", 52.5290, -1.9925, __),
        ("Dartmouth Park", "park", 52.5250, -1.9870, __),
        ("Sandwell Valley Country Park", "park", 52.5270, -1.9640, __),
        ("The Hawthorns", "stadium", 52.5091, -1.9639, __),
        ("The Hawthorns Station", "station", 52.5056, -1.9642, __),
        ("Newton Road, Great Barr", "street", 52.5470, -1.9470, __),
        ("Tame Bridge Parkway Station", "station", 52.5529, -1.9760, __),
        ("Market Place, Wednesbury", "town_centre", 52.5510, -2.0220, __),
        ("Wednesbury Parkway Tram Stop", "station", 52.5540, -2.0100, __),
        ("IKEA Wednesbury", "shopping", 52.5600, -2.0090, __),
        ("Great Bridge, Tipton", "town_centre", 52.5300, -2.0380, __),
        ("Owen Street, Tipton", "town_centre", 52.5290, -2.0650, __),
        ("Tipton Station", "station", 52.5305, -2.0657, __),
        ("Dudley Port Station", "station", 52.5246, -2.0497, __),
        ("Oldbury Town Centre", "town_centre", 52.5050, -2.0160, __),
        ("Sandwell Council House, Oldbury", "landmark", 52.5030, -2.0180, __),
        ("Oldbury Green Retail Park", "shopping", 52.5040, -2.0200, __),
        ("Sandwell and Dudley Station", "station", 52.5087, -2.0116, __),
        ("Langley Green Station", "station", 52.4939, -2.0050, __),
        ("Rowley Regis Station", "station", 52.4774, -2.0310, __),
        ("Rowley Regis Hospital", "hospital", 52.4820, -2.0470, __),
        ("High Street, Blackheath", "town_centre", 52.4740, -2.0410, __),
        ("Halesowen Road, Old Hill", "street", 52.4700, -2.0580, __),
        ("Haden Hill Park", "park", 52.4680, -2.0680, __),
        ("High Street, Cradley Heath", "town_centre", 52.4710, -2.0830, __),
        ("Cradley Heath Station", "station", 52.4696, -2.0905, __),
        ("Smethwick High Street", "street", 52.4950, -1.9660, __),
        ("Cape Hill, Smethwick", "street", 52.4900, -1.9600, HOT),
        ("Smethwick Rolfe Street Station", "station", 52.4963, -1.9705, __),
        ("Smethwick Galton Bridge Station", "station", 52.5020, -1.9805, __),
        ("Midland Metropolitan University Hospital", "hospital", 52.4975, -1.9530, __),
        ("Victoria Park, Smethwick", "park", 52.4940, -1.9620, __),
        ("Sandwell Aquatics Centre, Londonderry", "landmark", 52.4920, -1.9880, __),
        ("Bearwood Road, Bearwood", "street", 52.4760, -1.9690, HOT),
        ("Warley Woods", "park", 52.4760, -1.9760, __),
    ],
    # Walsall: town centre, Caldmore, Bloxwich, Willenhall, Darlaston, Aldridge, Brownhills.
    "WS": [
        ("Walsall Town Centre", "town_centre", 52.5860, -1.9829, HOT),
        ("Park Street, Walsall", "street", 52.5852, -1.9860, HOT),
        ("Walsall Station", "station", 52.5843, -1.9845, __),
        ("Saddlers Shopping Centre", "shopping", 52.5848, -1.9838, __),
        ("Old Square Shopping Centre", "shopping", 52.5862, -1.9815, __),
        ("St Paul's Bus Station, Walsall", "station", 52.5870, -1.9840, __),
        ("Stafford Street, Walsall", "street", 52.5900, -1.9850, __),
        ("Crown Wharf Shopping Park", "shopping", 52.5880, -1.9900, __),
        ("The New Art Gallery Walsall", "landmark", 52.5867, -1.9897, __),
        ("Walsall Leather Museum", "landmark", 52.5900, -1.9890, __),
        ("Walsall College", "school", 52.5895, -1.9875, __),
        ("Broadway, Walsall", "street", 52.5820, -1.9700, __),
        ("Walsall Arboretum", "park", 52.5890, -1.9700, __),
        ("Caldmore Green", "street", 52.5780, -1.9860, HOT),
        ("Wednesbury Road, Palfrey", "street", 52.5750, -1.9900, __),
        ("Darlaston Road, Pleck", "street", 52.5750, -2.0000, __),
        ("Bescot Stadium", "stadium", 52.5655, -1.9910, __),
        ("Bescot Stadium Station", "station", 52.5629, -1.9912, __),
        ("Walsall Manor Hospital", "hospital", 52.5855, -2.0005, __),
        ("Wolverhampton Road, Walsall", "street", 52.5850, -2.0100, __),
        ("M6 Junction 10", "landmark", 52.5865, -2.0240, __),
        ("Reedswood Retail Park", "shopping", 52.5930, -2.0010, __),
        ("Bloxwich Road, Leamore", "street", 52.6040, -2.0020, __),
        ("Beechdale Estate", "estate", 52.5980, -2.0070, __),
        ("Bloxwich High Street", "town_centre", 52.6170, -2.0060, HOT),
        ("Bloxwich Station", "station", 52.6182, -2.0113, __),
        ("Bloxwich North Station", "station", 52.6255, -2.0175, __),
        ("Blakenall Heath", "estate", 52.6100, -1.9970, __),
        ("Goscote", "estate", 52.6200, -1.9810, __),
        ("Market Place, Willenhall", "town_centre", 52.5850, -2.0580, __),
        ("Willenhall Memorial Park", "park", 52.5810, -2.0480, __),
        ("King Street, Darlaston", "town_centre", 52.5710, -2.0350, __),
        ("Lichfield Road, Rushall", "street", 52.6110, -1.9580, __),
        ("Pelsall Village", "town_centre", 52.6300, -1.9700, __),
        ("Lichfield Road, Shelfield", "street", 52.6225, -1.9475, __),
        ("Walsall Wood", "town_centre", 52.6300, -1.9330, __),
        ("Brownhills High Street", "town_centre", 52.6470, -1.9330, __),
        ("Brownhills Common", "park", 52.6440, -1.9500, __),
        ("Aldridge Town Centre", "town_centre", 52.6060, -1.9170, __),
        ("Barr Beacon", "park", 52.5835, -1.9194, __),
    ],
    # Wolverhampton: city centre, Whitmore Reans, Tettenhall, Bushbury, Wednesfield, Bilston.
    "WV": [
        ("Wolverhampton Station", "station", 52.5875, -2.1196, __),
        ("Wolverhampton Bus Station", "station", 52.5858, -2.1225, __),
        ("Wolverhampton St George's Tram Stop", "station", 52.5835, -2.1240, __),
        ("Queen Square, Wolverhampton", "landmark", 52.5862, -2.1295, HOT),
        ("Broad Street, Wolverhampton", "street", 52.5880, -2.1255, HOT),
        ("Lichfield Street, Wolverhampton", "street", 52.5870, -2.1270, HOT),
        ("Dudley Street, Wolverhampton", "street", 52.5848, -2.1280, __),
        ("Mander Centre", "shopping", 52.5850, -2.1290, __),
        ("Wulfrun Centre", "shopping", 52.5835, -2.1300, __),
        ("St Peter's Collegiate Church", "landmark", 52.5870, -2.1290, __),
        ("Wolverhampton Art Gallery", "landmark", 52.5868, -2.1280, __),
        ("Grand Theatre, Wolverhampton", "landmark", 52.5865, -2.1245, __),
        ("University of Wolverhampton", "school", 52.5885, -2.1280, __),
        ("Molineux Stadium", "stadium", 52.5902, -2.1304, __),
        ("West Park, Wolverhampton", "park", 52.5900, -2.1420, __),
        ("Chapel Ash", "street", 52.5855, -2.1400, __),
        ("Compton Road, Compton", "street", 52.5890, -2.1620, __),
        ("Bantock Park", "park", 52.5790, -2.1600, __),
        ("Penn Road, Wolverhampton", "street", 52.5750, -2.1400, __),
        ("Dudley Road, Blakenhall", "street", 52.5740, -2.1270, __),
        ("Parkfield Road, Ettingshall", "street", 52.5660, -2.1140, __),
        ("Newhampton Road, Whitmore Reans", "street", 52.5940, -2.1450, __),
        ("Upper Green, Tettenhall", "town_centre", 52.5990, -2.1660, __),
        ("Wolverhampton Racecourse, Dunstall Park", "stadium", 52.6000, -2.1380, __),
        ("Aldersley Stadium", "stadium", 52.6055, -2.1485, __),
        ("Stafford Road, Wolverhampton", "street", 52.6030, -2.1300, __),
        ("Wobaston Road, Pendeford", "street", 52.6240, -2.1480, __),
        ("Bushbury Lane, Bushbury", "street", 52.6130, -2.1150, __),
        ("Showell Road, Low Hill", "estate", 52.6100, -2.1150, __),
        ("Fallings Park", "park", 52.6040, -2.0990, __),
        ("New Cross Hospital", "hospital", 52.5985, -2.0930, __),
        ("Heath Town Estate", "estate", 52.5930, -2.1050, HOT),
        ("Willenhall Road, Wolverhampton", "street", 52.5870, -2.0950, __),
        ("East Park, Wolverhampton", "park", 52.5800, -2.0910, __),
        ("Wednesfield High Street", "town_centre", 52.5990, -2.0830, __),
        ("Griffiths Drive, Ashmore Park", "estate", 52.6130, -2.0700, __),
        ("Bilston Town Centre", "town_centre", 52.5660, -2.0750, HOT),
        ("Bilston Central Tram Stop", "station", 52.5660, -2.0700, __),
        ("Hickman Park, Bilston", "park", 52.5700, -2.0720, __),
    ],
}

# ---------------------------------------------------------------------------------------------
# Units: how many of each type each NPU has, and the letter of its call signs.
# ---------------------------------------------------------------------------------------------

CALL_SIGN_LETTER = {
    "response": "R",
    "neighbourhood": "N",
    "pcso": "P",
    "fsu": "F",
    "psi": "I",
    "initial_investigation": "Q",
    "traffic": "T",
    "arv": "A",
    "dog": "D",
}

#            response  neighbourhood  pcso  fsu  psi  initial_inv  traffic  arv  dog
UNIT_COUNTS: dict[str, tuple[int, int, int, int, int, int, int, int, int]] = {
    "BE": (34, 15, 8, 3, 4, 4, 3, 2, 2),
    "BW": (36, 16, 8, 4, 4, 4, 3, 3, 2),
    "CV": (30, 13, 6, 3, 3, 3, 3, 2, 2),
    "DY": (25, 11, 6, 2, 3, 3, 2, 2, 1),
    "SH": (20, 9, 5, 1, 2, 2, 3, 2, 1),
    "SW": (27, 12, 6, 2, 3, 3, 3, 2, 2),
    "WS": (25, 11, 6, 2, 3, 3, 2, 2, 1),
    "WV": (27, 12, 6, 3, 3, 3, 2, 2, 2),
}
UNIT_TYPE_ORDER = tuple(CALL_SIGN_LETTER)

# Skills: the ones every unit of a type has, and the share of the type's units (force-wide)
# that has each further skill.
ALWAYS_SKILLS: dict[str, tuple[str, ...]] = {
    "response": (),
    "neighbourhood": (),
    "pcso": ("first_aid",),
    "fsu": ("public_order", "first_aid"),
    "psi": (),
    "initial_investigation": (),
    "traffic": ("advanced_driver", "first_aid"),
    "arv": ("taser", "firearms", "advanced_driver", "first_aid"),
    "dog": ("advanced_driver", "first_aid"),
}
SHARE_SKILLS: dict[str, dict[str, float]] = {
    "response": {"taser": 0.40, "advanced_driver": 0.25, "first_aid": 0.90, "public_order": 0.20},
    "neighbourhood": {"taser": 0.10, "first_aid": 0.85, "public_order": 0.15},
    "pcso": {},
    "fsu": {"taser": 0.80, "advanced_driver": 0.30},
    "psi": {"first_aid": 0.50},
    "initial_investigation": {},
    "traffic": {"taser": 0.50},
    "arv": {},
    "dog": {"taser": 0.50},
}
SKILL_ORDER = ("taser", "firearms", "advanced_driver", "first_aid", "public_order")

# Status mix for a busy evening, in percent (national status codes, never 0 = emergency).
STATUS_WEIGHTS = {1: 15, 2: 30, 3: 12, 4: 6, 5: 8, 6: 10, 7: 5, 8: 5, 9: 2, 10: 1, 11: 6}
# Desk investigators do not patrol, drive to scenes or escort prisoners.
DESK_STATUS_WEIGHTS = {1: 30, 3: 40, 4: 8, 7: 8, 8: 6, 11: 8}
NO_ESCORT = {"pcso", "psi"}  # no prisoner escort or court for these
UNIT_JITTER_KM = 1.4

# ---------------------------------------------------------------------------------------------
# Operators: (name, role). Every seeded PIN is 1234.
# ---------------------------------------------------------------------------------------------

OPERATORS: list[tuple[str, str]] = [
    ("Sam Patel", "call_handler"),
    ("Olivia Hughes", "call_handler"),
    ("Mohammed Hussain", "call_handler"),
    ("Chloe Edwards", "call_handler"),
    ("Daniel Murphy", "call_handler"),
    ("Priya Kaur", "call_handler"),
    ("Liam O'Connor", "call_handler"),
    ("Jade Thompson", "dispatcher"),
    ("Ryan Walker", "dispatcher"),
    ("Aisha Begum", "dispatcher"),
    ("Tom Bennett", "dispatcher"),
    ("Karen Whitehouse", "supervisor"),
    ("Imran Akhtar", "supervisor"),
    ("Gareth Davies", "trainer"),
    ("Helen Price", "trainer"),
]


# ---------------------------------------------------------------------------------------------
# Building the rows.
# ---------------------------------------------------------------------------------------------


class SqlKeyword(str):
    """Written into the SQL as is, e.g. CURRENT_TIMESTAMP."""


CURRENT_TIMESTAMP = SqlKeyword("CURRENT_TIMESTAMP")


def sql_value(value: object) -> str:
    """One SQL literal: NULL, TRUE/FALSE, a number, a quoted string or a raw SQL keyword."""
    if value is None:
        return "NULL"
    if isinstance(value, SqlKeyword):
        return str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if ";" in text:
        raise ValueError(f"a seed string may not contain ';' (the loader splits on it): {text}")
    return "'" + text.replace("'", "''") + "'"


def in_force_area(lat: float, lon: float) -> bool:
    return LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX


def location_rows() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    names: set[str] = set()
    for npu, places in PLACES.items():
        for position, (name, kind, lat, lon, hotgrid) in enumerate(places, start=1):
            if kind not in KINDS:
                raise ValueError(f"{name}: unknown kind {kind}")
            if not in_force_area(lat, lon):
                raise ValueError(f"{name}: ({lat}, {lon}) is outside the force area")
            if name.lower() in names:
                raise ValueError(f"{name}: listed twice")
            names.add(name.lower())
            rows.append((ID_BASE[npu] + position, name, name.lower(), kind, npu, lat, lon, hotgrid))
    return rows


def jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point uniformly within `km` of (lat, lon)."""
    distance = km * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(bearing) / 111.32
    dlon = distance * math.sin(bearing) / (111.32 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def shuffled_quota(rng: random.Random, n: int, weights: dict[int, int]) -> list[int]:
    """`n` values in the exact proportions of `weights` (largest remainder), shuffled."""
    total = sum(weights.values())
    exact = {key: n * weight / total for key, weight in weights.items()}
    counts = {key: int(share) for key, share in exact.items()}
    short = n - sum(counts.values())
    for key in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:short]:
        counts[key] += 1
    values = [key for key, count in counts.items() for _ in range(count)]
    rng.shuffle(values)
    return values


def status_weights(unit_type: str) -> dict[int, int]:
    if unit_type == "initial_investigation":
        return DESK_STATUS_WEIGHTS
    if unit_type in NO_ESCORT:
        return {code: w for code, w in STATUS_WEIGHTS.items() if code not in (9, 10)}
    return STATUS_WEIGHTS


def unit_rows(rng: random.Random) -> list[tuple[object, ...]]:
    """The board: call signs per NPU and type, positions near the NPU's places, then skills
    and statuses dealt out per type in exact proportions (so the mix does not drift by luck).
    """
    units: list[tuple[str, str, str, float, float]] = []
    for npu, counts in UNIT_COUNTS.items():
        places = PLACES[npu]
        for unit_type, count in zip(UNIT_TYPE_ORDER, counts, strict=True):
            for number in range(1, count + 1):
                call_sign = f"{npu}-{CALL_SIGN_LETTER[unit_type]}{number:02d}"
                _, _, place_lat, place_lon, _ = rng.choice(places)
                lat, lon = jitter(rng, place_lat, place_lon, UNIT_JITTER_KM)
                if not in_force_area(lat, lon):
                    raise ValueError(f"{call_sign}: ({lat}, {lon}) is outside the force area")
                units.append((call_sign, unit_type, npu, lat, lon))

    skills: dict[str, set[str]] = {}
    statuses: dict[str, int] = {}
    for unit_type in UNIT_TYPE_ORDER:
        signs = [call_sign for call_sign, kind, *_ in units if kind == unit_type]
        for call_sign in signs:
            skills[call_sign] = set(ALWAYS_SKILLS[unit_type])
        for skill, share in SHARE_SKILLS[unit_type].items():
            for call_sign in rng.sample(signs, round(share * len(signs))):
                skills[call_sign].add(skill)
        dealt = shuffled_quota(rng, len(signs), status_weights(unit_type))
        statuses.update(zip(signs, dealt, strict=True))

    rows: list[tuple[object, ...]] = []
    for call_sign, unit_type, npu, lat, lon in units:
        skill_words = " ".join(s for s in SKILL_ORDER if s in skills[call_sign])
        log_id = current_grade = None  # no logs in the seed
        version = 1
        rows.append(
            (
                call_sign,
                unit_type,
                npu,
                skill_words,
                statuses[call_sign],
                CURRENT_TIMESTAMP,
                lat,
                lon,
                log_id,
                current_grade,
                version,
            )
        )
    return rows


def operator_rows() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for operator_id, (name, role) in enumerate(OPERATORS, start=1):
        salt = hashlib.sha256(name.encode()).hexdigest()[:32]  # 16 bytes, fixed per name
        rows.append((operator_id, name, role, salt, hash_pin(SEED_PIN, salt), True))
    return rows


def insert_statements(
    table: str, columns: Sequence[str], rows: Iterable[tuple[object, ...]]
) -> list[str]:
    """`INSERT ... ON CONFLICT DO NOTHING;` statements of at most BATCH rows each."""
    rows = list(rows)
    statements = []
    for start in range(0, len(rows), BATCH):
        values = ",\n".join(
            "  (" + ", ".join(sql_value(v) for v in row) + ")"
            for row in rows[start : start + BATCH]
        )
        statements.append(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES\n{values}\nON CONFLICT DO NOTHING;"
        )
    return statements


def drill_rows() -> list[tuple[object, ...]]:
    """The drill library (`data/drills/NNN-code.json`), checked against the vocabulary, the
    question bank and the policies first; a scenario's id is its file's number.

    The body is JSON text: a plain string literal both SQLite and PostgreSQL store in a JSON
    column. A `;` is written as the JSON escape `\\u003b` (the same text once read back),
    because the loader splits statements on `;`.
    """
    from wmp_tui.domain.drills import scenario_json
    from wmp_tui.files.policies import load_policies
    from wmp_tui.services.drills import library_id, read_library

    rows: list[tuple[object, ...]] = []
    for path, scenario in read_library(load_policies(), ROOT / "data" / "drills", numbered=True):
        body = json.dumps(scenario_json(scenario), ensure_ascii=False).replace(";", "\\u003b")
        rows.append((library_id(path), scenario.code, scenario.title, body))
    return rows


def check_vocabulary() -> None:
    """The literal tables above use only words the domain knows."""
    assert set(NPU_NAMES) == set(PLACES) == set(UNIT_COUNTS) == set(ID_BASE)
    assert set(CALL_SIGN_LETTER) == {t.value for t in UnitType}
    assert set(SKILL_ORDER) == {s.value for s in Skill}
    for table in (ALWAYS_SKILLS, SHARE_SKILLS):
        for skills in table.values():
            assert set(skills) <= set(SKILL_ORDER)
    assert {role for _, role in OPERATORS} == {r.value for r in OperatorRole}
    codes = {s.value for s in UnitStatus}
    assert set(STATUS_WEIGHTS) <= codes and 0 not in STATUS_WEIGHTS
    assert set(DESK_STATUS_WEIGHTS) <= codes and 0 not in DESK_STATUS_WEIGHTS
    for npu, places in PLACES.items():
        assert len(places) >= 25, f"{npu} has only {len(places)} places"
        assert len(places) < 1000, f"{npu} would overflow its id block"


HEADER = """\
-- wmp-tui seed data: reference data every database starts with.
-- GENERATED by scripts/build_seed.py - do not edit by hand, change the script and rerun it.
--
-- Contents: the 8 West Midlands Police NPUs, a gazetteer of {locations} real places (approximate
-- coordinates), a board of {units} units and {operators} operators of every role.
--
-- Loadable on SQLite (3.24 or later) and PostgreSQL alike, and idempotent: every statement is
-- an INSERT ... ON CONFLICT DO NOTHING with explicit keys, so loading twice adds nothing.
--
-- Every seeded operator's PIN is 1234. It is meant to be changed before real use.
-- Seeded units have no log (log_id and current_grade are NULL), so a unit in status 5 to 8 is
-- committed to work outside the log system.
-- On PostgreSQL, rows inserted here with explicit ids do not advance the id sequences of
-- location and operator.
"""


def build() -> str:
    check_vocabulary()
    rng = random.Random(RANDOM_SEED)
    npus = [(code.value, name) for code, name in NPU_NAMES.items()]
    locations = location_rows()
    units = unit_rows(rng)
    operators = operator_rows()
    drills = drill_rows()
    statements = [
        *insert_statements("npu", ("code", "name"), npus),
        *insert_statements(
            "location",
            ("id", "name", "search_name", "kind", "npu", "lat", "lon", "hotgrid"),
            locations,
        ),
        *insert_statements(
            "unit",
            (
                "call_sign",
                "type",
                "npu",
                "skills",
                "status",
                "status_since",
                "lat",
                "lon",
                "log_id",
                "current_grade",
                "version",
            ),
            units,
        ),
        *insert_statements(
            "operator", ("id", "name", "role", "pin_salt", "pin_hash", "active"), operators
        ),
        *insert_statements("drill_scenario", ("id", "code", "title", "body"), drills),
    ]
    header = HEADER.format(locations=len(locations), units=len(units), operators=len(operators))
    header += f"-- Drill scenarios: {len(drills)} (from data/drills, one JSON file each).\n"
    return header + "\n" + "\n\n".join(statements) + "\n"


def main() -> None:
    text = build()
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(text.splitlines())} lines)")


if __name__ == "__main__":
    main()
