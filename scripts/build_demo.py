# ruff: noqa: E501  (the declaration tables below are data; one record per line reads best)
"""Build the demo supply network shipped in ``graphmodel/data/demo/``.

Every organisation in the demo is FICTIONAL. Governments appear as owners
only. The network is hand-declared below; a seeded random generator fills in
the illustrative numbers (coordinates jitter, shares, recovery days,
capacities), so running the script twice gives byte-identical CSV files::

    .venv/bin/python scripts/build_demo.py            # writes graphmodel/data/demo/
    .venv/bin/python scripts/build_demo.py --out DIR  # writes elsewhere (the tests do)

The planted features (single points of failure, adversary links, the OFAC
50 % rule examples, ...) are documented in ``docs/demo-network.md``.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["build", "main", "write"]

SEED = 20241211  # the date NATO published its critical raw materials list
DEMO_DIR = Path(__file__).resolve().parent.parent / "graphmodel" / "data" / "demo"

# --------------------------------------------------------------------------
# Anchor points (lat, lon) per country: facilities are placed near one of
# them with a small seeded jitter. Approximate industrial regions, not sites.
ANCHORS: dict[str, tuple[tuple[float, float], ...]] = {
    "AE": ((24.45, 54.50),),
    "AM": ((40.18, 44.51),),
    "AR": ((-24.20, -66.30),),
    "AT": ((47.26, 12.40), (48.20, 15.60)),
    "AU": ((-31.95, 116.10), (-37.80, 144.90), (-20.70, 139.50)),
    "BE": ((51.22, 4.40), (50.63, 5.57)),
    "BG": ((42.70, 23.32),),
    "BR": ((-19.90, -43.95),),
    "BY": ((53.90, 27.56),),
    "CA": ((45.50, -73.60), (43.65, -79.40), (49.10, -117.70)),
    "CD": ((-10.70, 25.50),),
    "CH": ((46.65, 7.60), (47.40, 8.50)),
    "CL": ((-23.50, -68.30),),
    "CN": ((28.20, 112.95), (40.80, 111.70), (26.60, 114.00), (31.20, 121.40)),
    "CY": ((34.70, 33.05),),
    "CZ": ((50.05, 15.75), (49.20, 16.60)),
    "DE": ((48.40, 10.00), (50.10, 8.70), (51.30, 12.40), (48.10, 11.60)),
    "FI": ((62.60, 24.00), (63.10, 21.60)),
    "FR": ((45.20, 5.70), (47.30, 0.70), (44.80, -0.60), (48.70, 2.20)),
    "GA": ((-1.63, 13.58),),
    "GB": ((52.50, -2.00), (51.45, -2.60), (54.95, -1.60)),
    "GR": ((40.64, 22.94),),
    "ID": ((-2.50, 121.30),),
    "IL": ((32.80, 35.00), (31.25, 34.80)),
    "IN": ((23.00, 72.60), (19.10, 73.00)),
    "IR": ((35.70, 51.40),),
    "IT": ((45.50, 9.20), (41.90, 12.50), (45.40, 11.90)),
    "JP": ((36.20, 137.20), (35.70, 139.70), (34.70, 135.40)),
    "KG": ((42.87, 74.60),),
    "KP": ((39.03, 125.75),),
    "KR": ((36.60, 127.50), (37.20, 127.00)),
    "KZ": ((49.95, 82.60),),
    "LU": ((49.61, 6.13),),
    "MG": ((-18.90, 47.50),),
    "MM": ((25.40, 97.40),),
    "MZ": ((-13.30, 39.00),),
    "NL": ((51.90, 4.50), (52.30, 4.90)),
    "NO": ((59.10, 11.40), (60.80, 10.70), (62.70, 8.80)),
    "PL": ((51.10, 17.00), (50.30, 19.00), (52.20, 21.00)),
    "PT": ((40.15, -7.50),),
    "RS": ((44.80, 20.45),),
    "RU": ((58.00, 56.20), (56.80, 60.60), (43.10, 131.90), (55.75, 37.60)),
    "SA": ((24.10, 38.10),),
    "SE": ((59.40, 14.50), (57.70, 12.00), (58.40, 15.60)),
    "SG": ((1.33, 103.75),),
    "TJ": ((39.50, 68.80),),
    "TR": ((39.90, 32.85),),
    "US": ((36.50, -82.50), (37.10, -80.60), (33.50, -112.00), (40.50, -75.90), (34.70, -86.60)),
    "VN": ((21.60, 105.80),),
    "ZA": ((-27.20, 22.90), (-24.80, 30.00), (-25.70, 27.40)),
    "ZW": ((-17.80, 31.00),),
}

# --------------------------------------------------------------------------
# Organisations: id | name | kind | country | site | note
# ``site`` names the organisation's own facility (f-<id without o->) or is
# blank for holdings, traders and governments. Every company is FICTIONAL.
ORGS = """
o-gov-cn|Government of the People's Republic of China|government|CN||state owner (adversary government)
o-gov-ru|Government of the Russian Federation|government|RU||state owner (adversary government)
o-gov-ir|Government of the Islamic Republic of Iran|government|IR||state owner (adversary government)
o-gov-no|Government of Norway|government|NO||allied state owner (not adversary)
o-gov-pl|Government of Poland|government|PL||allied state owner (not adversary)
o-gov-fr|Government of France|government|FR||allied state owner (not adversary)
o-sdn-x|Volgaport Industrial Holdings|company|RU||planted: blocked person X of the OFAC FAQ 401 examples
o-sdn-y|Kamaret Resources|company|RU||planted: blocked person Y (aggregation)
o-sdn-z|Belmarsk Trade House|company|BY||planted: blocked person Z (aggregation); designated outside the covered nations
o-ofac-a1|Corvella Holdings Ltd|company|CY||planted: OFAC example 1, A (X owns 50%): blocked
o-sb-tj|Pamir Crest Antimony Combine|company|TJ|antimony mine|planted: OFAC example 1, B (A owns 50%): blocked indirectly
o-ofac-a2|Lystra Investments Ltd|company|CY||planted: OFAC example 2, A (X owns 50%): blocked
o-ofac-b2|Okhra Ventures FZE|company|AE||planted: OFAC example 2, B (X owns 50%): blocked
o-ofac-c2|Sremac Light Metals d.o.o.|company|RS|powder plant|planted: OFAC example 2, C (A and B own 25% each): blocked
o-ofac-a3|Dunecrest Holdings FZE|company|AE||planted: OFAC example 3, A (X owns 50%): blocked
o-ofac-b3|Kentron Alloy Works|company|AM|alloy works|planted: OFAC example 3, B (X 10% + A 40%): blocked
o-ofac-a4|Marovia Holdings Ltd|company|CY||planted: OFAC example 4, A (X owns 25%): not blocked
o-ofac-b4|Istrana Capital d.o.o.|company|RS||planted: OFAC example 4, B (X owns 25%): not blocked
o-ofac-c4|Veldkamp Platinum Refiners|company|ZA|refinery|planted: OFAC example 4, C (A and B own 50% each): not blocked
o-ofac-d|Tarvos Chemical Company|company|KG|chemical plant|planted: aggregation, Y 30% + Z 25% = 55%: blocked
o-ctrl-e|Ostrova Graphite Products|company|RS|graphite works|planted: X holds 'control' at 15%: controlled, not OFAC-blocked
o-cnsg|Jadeport State Materials Group|company|CN||planted: state group, 100% Government of China, root of look-through chains
o-lt-sg1|Straitsbridge Holdings Pte Ltd|company|SG||planted: look-through control chain, hop 1
o-lt-nl1|Zeevang Industrial Participations B.V.|company|NL||planted: look-through control chain, hop 2
o-lt-de1|Kaltbrunn Sintertechnik GmbH|company|DE|sinter plant|planted: look-through control (63%)
o-lt-lu2|Ardennes Crest Capital S.A.|company|LU||planted: look-through significant chain, hop 1
o-lt-ch2|Rheinau Beteiligungen AG|company|CH||planted: look-through significant chain, hop 2
o-lt-it2|Valtorta Meccanica S.p.A.|company|IT|actuator plant|planted: look-through significant (36%)
o-lt-ae3|Saffron Quay Investments LLC|company|AE||planted: look-through influence chain, hop 1
o-lt-gb3|Harrowgate Engineering Holdings Ltd|company|GB||planted: look-through influence chain, hop 2
o-lt-ca3|Tamarack Bay Composites Inc|company|CA|composites plant|planted: look-through influence (12%)
o-kamaport|Kamaport Machine Works|company|RU||planted: adversary owner feeding the ownership cycle
o-cyc-a|Pafos Veridian Holdings Ltd|company|CY||planted: ownership cycle A -> B -> C -> A
o-cyc-b|Thessalon Bearings S.A.|company|GR|bearing works|planted: ownership cycle member B
o-cyc-c|Rilaform Composites EOOD|company|BG|composites plant|planted: ownership cycle member C
o-trader-ae|Qasr Meridian General Trading FZE|company|AE||planted: designated trader (US-OFAC-SDN) registered outside the covered nations
o-ga-cn1|Redvale Gallium Refining Co.|company|CN|gallium refinery|planted: registered in CN; US-BIS-ENTITY
o-ga-cn2|Sandmere Alumina & Gallium Co.|company|CN|gallium refinery|registered in CN; owned by the CN state group
o-ga-sg|Aldermoor Advanced Materials Pte Ltd|company|SG||planted: registered in SG, facility located in CN
o-ga-ru|Uralet Rare Metals JSC|company|RU|gallium plant|registered in RU
o-ga-jp|Kisaragi Gallium Recovery KK|company|JP|recovery plant|planted: unqualified allied candidate that unblocks the radar
o-ga-ca|Northhollow Metals Recovery Inc|company|CA|recovery plant|unqualified allied candidate
o-ge-cn1|Ember Ridge Germanium Co.|company|CN|germanium refinery|
o-ge-cn2|Cloudfall Optical Metals Co.|company|CN|germanium refinery|
o-ge-ru|Sibrenko Germanium JSC|company|RU|germanium refinery|
o-ge-be|Scheldemont Refining N.V.|company|BE|germanium refinery|
o-ge-ca|Larchmere Metallurgical Inc|company|CA|germanium refinery|
o-al-cn1|Greatriver Aluminium Smelting Co.|company|CN|smelter|
o-al-cn2|Tenhill Light Metals Co.|company|CN|smelter|
o-al-in|Narmadi Aluminium Ltd|company|IN|smelter|
o-al-ru|Yenibar Aluminium JSC|company|RU|smelter|
o-al-ca|Saguenel Aluminium Inc|company|CA|smelter|
o-al-no|Fjellhavn Aluminium AS|company|NO|smelter|
o-be-us|Topaz Flat Beryllium Company|company|US|beryllium mine|
o-be-br|Serra Verdana Mineração Ltda|company|BR|beryllium mine|
o-be-cn|Westgate Beryl Materials Co.|company|CN|beryllium plant|
o-co-cd1|Kasumbi Copper-Cobalt SA|company|CD|cobalt mine|owned 80% by the CN state group
o-co-cd2|Luvilo Cobalt Mining SARL|company|CD|cobalt mine|
o-co-id|Halmara Nickel-Cobalt PT|company|ID|HPAL plant|
o-co-ru|Taimyra Cobalt JSC|company|RU|cobalt refinery|
o-co-au|Murrindal Cobalt Ltd|company|AU|cobalt mine|
o-co-fi|Kokkovaara Refining Oy|company|FI|cobalt refinery|
o-gr-cn1|Blackcrest Graphite Co.|company|CN|graphite mine|
o-gr-cn2|Ninecloud Carbon Materials Co.|company|CN|graphite mine|
o-gr-mz|Lurio Flake Graphite Lda|company|MZ|graphite mine|
o-gr-mg|Ambatoro Graphite SARL|company|MG|graphite mine|
o-gr-br|Minas Carvona Grafite Ltda|company|BR|graphite mine|
o-li-au1|Wandoo Spodumene Ltd|company|AU|lithium mine|
o-li-au2|Mount Carrow Lithium Ltd|company|AU|lithium mine|
o-li-cl|Salar de Quilvar SpA|company|CL|brine operation|
o-li-cn|Highplain Lithium Chemicals Co.|company|CN|lithium mine|
o-li-zw|Matopo Lithium (Pvt) Ltd|company|ZW|lithium mine|owned 51% by the CN state group
o-li-ar|Puna Blanca Litio SA|company|AR|brine operation|
o-mn-za1|Vaalrand Manganese (Pty) Ltd|company|ZA|manganese mine|
o-mn-za2|Tswelopele Manganese (Pty) Ltd|company|ZA|manganese mine|
o-mn-ga|Bateke Plateau Manganese SA|company|GA|manganese mine|
o-mn-au|Wessel Manganese Pty Ltd|company|AU|manganese mine|
o-mn-cn|Redhollow Manganese Co.|company|CN|manganese mine|
o-pt-za1|Rooiberg Platinum Mines Ltd|company|ZA|platinum mine|
o-pt-za2|Lebowa Crest Platinum Ltd|company|ZA|platinum mine|
o-pt-zw|Mhondoro Platinum (Pvt) Ltd|company|ZW|platinum mine|
o-pt-ru|Kolymet Platinum JSC|company|RU|platinum refinery|UK-SANCTIONS
o-pt-ca|Wanapitei PGM Inc|company|CA|platinum mine|
o-ree-cn1|Irongate Rare Earth Group Co.|company|CN|rare-earth mine|
o-ree-cn2|Southwind Rare Earth Separation Co.|company|CN|separation plant|
o-ree-us|Ivanpah Rare Earths Inc|company|US|rare-earth mine|
o-ree-mm|Ayeyar Rare Earth Trading Co.|company|MM|rare-earth mine|
o-ree-au|Brindabella Rare Earths Ltd|company|AU|rare-earth mine|
o-ti-cn1|Westridge Titanium Sponge Co.|company|CN|sponge plant|
o-ti-cn2|Ninepeak Titanium Co.|company|CN|sponge plant|
o-ti-jp|Kurobe Titanium KK|company|JP|sponge plant|
o-ti-ru|Belorechka Titanium Works JSC|company|RU|sponge plant|EU-FSF
o-ti-kz|Karavel Titanium Works JSC|company|KZ|sponge plant|planted: 51% owned by the Government of the Russian Federation
o-ti-sa|Hijaz Titanium Metals Co.|company|SA|sponge plant|
o-ti-us|Sevier Lake Titanium Inc|company|US|sponge plant|
o-w-cn1|Dragonvale Tungsten Group Co.|company|CN|tungsten mine|
o-w-cn2|Coldwater Tungsten Mining Co.|company|CN|tungsten mine|
o-w-vn|Lam Son Tungsten JSC|company|VN|tungsten mine|
o-w-ru|Vostok Wolfram JSC|company|RU|tungsten mine|
o-w-kp|Songak Ridge Minerals Corporation|company|KP|tungsten mine|planted: registered in KP
o-w-at|Hohe Tauern Wolfram GmbH|company|AT|tungsten mine|
o-w-pt|Beira Alta Tungsténio Lda|company|PT|tungsten mine|
o-sb-cn|Tinflower Antimony Co.|company|CN|antimony smelter|
o-sb-ru|Sakhayan Antimony JSC|company|RU|antimony mine|
o-sb-au|Kestrel Gully Antimony Ltd|company|AU|antimony mine|
o-sb-tr|Ozanli Maden A.S.|company|TR|antimony mine|
o-hollis|Hollis Ordnance Systems Inc|company|US||planted: sole qualified 155 mm load-assemble-pack contractor
o-wislomet|Wislomet Munitions S.A.|company|PL|LAP line|unqualified candidate LAP line; 100% Government of Poland
o-pembrook|Pembrook Forge Works Inc|company|US|forge|planted: order-2 pair with o-wexley (155 mm shell bodies)
o-wexley|Wexley Metal Forming Inc|company|US|forge|planted: order-2 pair with o-pembrook (155 mm shell bodies)
o-zlatohor|Zlatohor Kovárna a.s.|company|CZ|forge|unqualified candidate shell-body forge
o-steel-us|Tioga Ridge Steel Inc|company|US|steel mill|
o-steel-de|Sauerfeld Edelstahl GmbH|company|DE|steel mill|
o-steel-se|Vargbacka Bruk AB|company|SE|steel mill|
o-rdx-us|Clinchport Energetics Inc|company|US|RDX plant|
o-rdx-no|Norvik Energetics AS|company|NO|RDX plant|50% Government of Norway (allied state ownership)
o-rdx-pl|Bystrzyk Zakłady Chemiczne S.A.|company|PL|RDX plant|
o-hex-de|Lindgau Chemie GmbH|company|DE|chemical plant|
o-hex-nl|Veenhoorn Chemicals B.V.|company|NL|chemical plant|
o-hex-in|Sabarmati Fine Chemicals Ltd|company|IN|chemical plant|
o-hex-ir|Kavirak Chemical Industries|company|IR|chemical plant|planted: registered in IR, 100% Government of Iran
o-tnt-pl|Pilica Explosives S.A.|company|PL|TNT plant|60% Government of Poland
o-tnt-cz|Pardubrava Chemie a.s.|company|CZ|TNT plant|
o-tnt-in|Tapti Energetics Ltd|company|IN|TNT plant|
o-tnt-us|Kanawha New River Energetics LLC|company|US|TNT plant|unqualified: new domestic TNT line not yet qualified
o-band-us|Copperline Bands Inc|company|US|band works|
o-band-gb|Brierley Hill Nonferrous Ltd|company|GB|band works|
o-band-de|Kupferhütte Brenden GmbH|company|DE|band works|
o-prop-us|Radwell Propellants Inc|company|US|propellant plant|
o-prop-de|Aschbach Treibladungen GmbH|company|DE|propellant plant|
o-prop-ch|Kandertal Pulverfabrik AG|company|CH|propellant plant|
o-kessler-ops|Kessler Operations LLC|company|US||planted: operates the only qualified nitrocellulose site f-kessler-aap
o-marlow|Marlow Fibre Chemicals Inc|company|US||planted: second nitrocellulose producer at the same site f-kessler-aap
o-nc-de|Elbtal Nitrocellulose GmbH|company|DE|nitrocellulose plant|unqualified candidate nitrocellulose plant
o-ign-us|Loudoun Pyrotechnics Inc|company|US|pyrotechnics plant|
o-ign-fr|Bocage Pyrotechnie SAS|company|FR|pyrotechnics plant|
o-ign-gb|Fenland Pyrotechnics Ltd|company|GB|pyrotechnics plant|
o-prim-us|Ozark Primer Works Inc|company|US|primer plant|
o-prim-it|Sesia Inneschi S.r.l.|company|IT|primer plant|
o-prim-kr|Gyeongan Primer Co.|company|KR|primer plant|
o-sbs-cn|Lotus Bay Fine Chemicals Co.|company|CN|chemical plant|
o-sbs-be|Maasbrecht Chemicals N.V.|company|BE|chemical plant|
o-sbs-us|Silver Valley Sulfides Inc|company|US|chemical plant|
o-fuze-us|Calder Fuze Technologies Inc|company|US|fuze plant|
o-fuze-se|Eskilstorp Tändrör AB|company|SE|fuze plant|
o-fuze-de|Ingolberg Zünder GmbH|company|DE|fuze plant|
o-fbody-us|Pewaukee Precision Machining Inc|company|US|machine shop|
o-fbody-fr|Usinage du Morvan SAS|company|FR|machine shop|
o-fbody-jp|Tsubame Precision KK|company|JP|machine shop|
o-al7-us|Cumberland Aluminum Extrusions Inc|company|US|extrusion plant|
o-al7-fr|Laminoirs de Lozère SAS|company|FR|rolling mill|
o-al7-jp|Oyabe Light Alloy KK|company|JP|extrusion plant|
o-sa-us|Tollgate Safety & Arming Inc|company|US|S&A plant|
o-sa-no|Gjøvikdal Mekaniske AS|company|NO|S&A plant|
o-sa-fi|Kuortane Devices Oy|company|FI|S&A plant|
o-becu-us|Elkview Spring Alloys Inc|company|US|spring works|
o-becu-de|Federwerk Lahntal GmbH|company|DE|spring works|
o-becu-jp|Shizukawa Spring KK|company|JP|spring works|
o-boost-us|Wabash Booster Works Inc|company|US|booster plant|
o-boost-se|Karlsnäs Energetik AB|company|SE|booster plant|
o-boost-au|Eildon Energetics Pty Ltd|company|AU|booster plant|
o-meridale|Meridale Missile Systems Inc|company|US|final assembly|rocket integrator
o-thornbury|Thornbury Rocketry Ltd|company|GB|final assembly|rocket integrator (licensed)
o-skarvik|Skarvik Missile AS|company|NO|final assembly|rocket integrator (licensed); 40% Government of Norway
o-motor-1|Sawtooth Solid Motors Inc|company|US|motor plant|planted: order-2 pair with o-motor-2 (rocket motors)
o-motor-2|Allegrand Propulsion Corp|company|US|motor plant|planted: order-2 pair with o-motor-1 (rocket motors)
o-motor-no|Nordkapp Rakettmotor AS|company|NO|motor plant|unqualified candidate rocket-motor source
o-case-us|Pinecrest Flowforming Inc|company|US|flowforming plant|
o-case-de|Hardtwald Umformtechnik GmbH|company|DE|flowforming plant|
o-case-fr|Forges de Sarthe SAS|company|FR|flowforming plant|
o-mar-us|Monongah Specialty Metals Inc|company|US|steel mill|
o-mar-se|Ljusnarsberg Stål AB|company|SE|steel mill|
o-mar-jp|Hidaka Special Steel KK|company|JP|steel mill|
o-castellan|Castellan Oxidisers Inc|company|US||planted: sole qualified ammonium perchlorate supplier
o-ap-fr|Perchlorates de Vienne SAS|company|FR|perchlorate plant|unqualified candidate ammonium perchlorate source
o-naclo4-us|Basin & Range Electrochemical Inc|company|US|electrochemical plant|
o-naclo4-ca|Laurentide Électrochimie Inc|company|CA|electrochemical plant|
o-naclo4-de|Saalekreis Elektrochemie GmbH|company|DE|electrochemical plant|
o-alp-us|Ridgefield Atomized Metals Inc|company|US|powder plant|
o-alp-no|Stordal Metallpulver AS|company|NO|powder plant|
o-alp-cn|Silverpeak Aluminium Powder Co.|company|CN|powder plant|
o-htpb-us|Gulfmarsh Polymers Inc|company|US|polymer plant|
o-htpb-fr|Polymères du Béarn SAS|company|FR|polymer plant|
o-htpb-jp|Chikuma Polymer KK|company|JP|polymer plant|
o-migr-us|Cochise Initiators Inc|company|US|initiator plant|
o-migr-gb|Mendip Pyrotechnics Ltd|company|GB|initiator plant|
o-migr-de|Schwarzach Pyrotechnik GmbH|company|DE|initiator plant|
o-ptw-us|Hollowbrook Fine Wire Inc|company|US|wire mill|
o-ptw-de|Kinzigtal Edelmetall GmbH|company|DE|wire mill|
o-ptw-jp|Kiso Precious Wire KK|company|JP|wire mill|
o-noz-us|Tahoma Carbon Products Inc|company|US|nozzle plant|
o-noz-fr|Composites d'Aquitaine SAS|company|FR|nozzle plant|
o-noz-it|Ugolini Compositi S.p.A.|company|IT|nozzle plant|
o-grt-us|Lehighton Fine Graphite Inc|company|US|graphite works|
o-grt-fr|Graphites de l'Isère SAS|company|FR|graphite works|
o-grt-jp|Tottori Carbon KK|company|JP|graphite works|
o-imu-us|Longmont Inertial Systems Inc|company|US|IMU plant|
o-imu-gb|Cotswold Inertial Ltd|company|GB|IMU plant|
o-imu-il|Galilee Navigation Systems Ltd|company|IL|IMU plant|
o-rlg-fr1|Gyrolaser de Provence SAS|company|FR|gyro plant|planted: one of three gyro sources, all in FR; 30% Government of France
o-rlg-fr2|Optronique du Jura SAS|company|FR|gyro plant|planted: one of three gyro sources, all in FR
o-rlg-fr3|Lasers Inertiels Dauphiné SAS|company|FR|gyro plant|planted: one of three gyro sources, all in FR
o-fog-us|Prairie Fiber Gyro Inc|company|US|gyro plant|fibre-optic gyro (unqualified substitute)
o-fog-jp|Suwa Photonics Gyro KK|company|JP|gyro plant|fibre-optic gyro (unqualified substitute)
o-gnss-us|Antelope Valley Navigation Inc|company|US|electronics plant|
o-gnss-ca|Rideau Navigation Inc|company|CA|electronics plant|
o-gnss-gb|Severnside Navigation Ltd|company|GB|electronics plant|
o-fc-us|Madison Ridge Avionics Inc|company|US|electronics plant|
o-fc-gb|Malvern Flight Computers Ltd|company|GB|electronics plant|
o-fc-de|Ulmenau Avionik GmbH|company|DE|electronics plant|
o-fpga-us1|Coyote Logic Devices Inc|company|US|test and packaging site|
o-fpga-us2|Tularosa Programmable Logic Inc|company|US|test and packaging site|
o-fpga-jp|Aizu Logic KK|company|JP|test and packaging site|
o-whc-us|Scioto Forge Inc|company|US|forge|
o-whc-de|Ruhrfeld Schmiede GmbH|company|DE|forge|
o-whc-se|Karlstorp Smide AB|company|SE|forge|
o-wf-us|Cheyenne Heavy Alloy Products Inc|company|US|sinter plant|
o-wf-at|Tauernstahl Sintermetall GmbH|company|AT|sinter plant|
o-wf-fr|Frittage de Savoie SAS|company|FR|sinter plant|
o-tha-us|Wasatch Tungsten Alloys Inc|company|US|alloy plant|
o-tha-at|Pinzgau Hartmetall GmbH|company|AT|alloy plant|
o-tha-cn|Jadefield Tungsten Alloy Co.|company|CN|alloy plant|
o-pbx-us|Hatchie Energetics Inc|company|US|explosives plant|
o-pbx-no|Vestfold Sprengstoff AS|company|NO|explosives plant|
o-pbx-gb|Usk Valley Energetics Ltd|company|GB|explosives plant|
o-act-us|Tonawanda Motion Controls Inc|company|US|actuator plant|
o-act-gb|Stourbridge Actuation Ltd|company|GB|actuator plant|
o-act-de|Neckarau Antriebe GmbH|company|DE|actuator plant|
o-ndfeb-cn1|Goldmoor Magnetics Co.|company|CN|magnet plant|
o-ndfeb-cn2|Windharp Permanent Magnet Co.|company|CN|magnet plant|
o-ndfeb-jp|Echigo Magnet KK|company|JP|magnet plant|
o-ndfeb-de|Lüneburg Magnetwerk GmbH|company|DE|magnet plant|
o-smco-us|Catskill Magnetics Inc|company|US|magnet plant|
o-smco-fr|Aimants du Limousin SAS|company|FR|magnet plant|
o-smco-cn|Mistlake Magnet Materials Co.|company|CN|magnet plant|
o-tb-us|Spring Creek Thermal Batteries Inc|company|US|battery plant|
o-tb-gb|Chepstow Power Sources Ltd|company|GB|battery plant|
o-tb-fr|Piles Thermiques de Bourges SAS|company|FR|battery plant|
o-wendeler|Wendeler Radarsysteme GmbH|company|DE|radar integration plant|radar integrator
o-sentinella|Sentinella Radar S.p.A.|company|IT|radar integration plant|radar integrator
o-norrskar|Norrskär Radar AB|company|SE|radar integration plant|radar integrator
o-trm-de|Isartal Mikrowellen GmbH|company|DE|microwave plant|
o-trm-it|Microonde Tirreniche S.r.l.|company|IT|microwave plant|
o-trm-us|Chesapeake Microwave Modules Inc|company|US|microwave plant|
o-mmic-us|Willamette Compound Semiconductor Inc|company|US|wafer fab|
o-mmic-de|Breisgau Halbleiter GmbH|company|DE|wafer fab|
o-mmic-fr|Semiconducteurs de Saclay SAS|company|FR|wafer fab|
o-epi-us|Merrimack Epitaxy Inc|company|US|epitaxy plant|
o-epi-jp|Tsukuba Epi-Wafer KK|company|JP|epitaxy plant|
o-epi-de|Aachener Epitaxie GmbH|company|DE|epitaxy plant|
o-sic-us|Yadkin Silicon Carbide Inc|company|US|crystal plant|
o-sic-se|Motala Kristall AB|company|SE|crystal plant|
o-sic-jp|Shinano Crystal KK|company|JP|crystal plant|
o-rad-us|Finger Lakes Radomes Inc|company|US|composites plant|
o-rad-fr|Radômes de Bretagne SAS|company|FR|composites plant|
o-rad-gb|Solent Composites Ltd|company|GB|composites plant|
o-pb-de|Regnitz Elektronik GmbH|company|DE|electronics plant|
o-pb-it|Schede Elettroniche Lombarde S.r.l.|company|IT|electronics plant|
o-pb-se|Vätterns Elektronik AB|company|SE|electronics plant|
o-pm-de|Spreewald Leistungselektronik GmbH|company|DE|electronics plant|
o-pm-fi|Pohjanmaa Power Oy|company|FI|electronics plant|
o-pm-us|Catawba Power Conversion Inc|company|US|electronics plant|
o-cp-de|Thermotechnik Allgäu GmbH|company|DE|machine shop|
o-cp-it|Dolomiti Termica S.r.l.|company|IT|machine shop|
o-cp-pl|Mazury Chłodzenie Sp. z o.o.|company|PL|machine shop|
o-sr-de|Siegerland Großlager GmbH|company|DE|bearing works|
o-sr-it|Anelli Orobici S.p.A.|company|IT|bearing works|
o-sr-cz|Ložiska Haná a.s.|company|CZ|bearing works|
o-tim-de|Titanbau Oberpfalz GmbH|company|DE|machine shop|
o-tim-gb|Peak District Machining Ltd|company|GB|machine shop|
o-tim-it|Titanio Veneto S.r.l.|company|IT|machine shop|
o-tib-us|Shoshone Titanium Products Inc|company|US|bar mill|
o-tib-jp|Harima Titanium Bar KK|company|JP|bar mill|
o-tib-gb|Tyneside Titanium Ltd|company|GB|bar mill|
o-sight-fr|Valence Optronique SAS|company|FR|optronics plant|sight integrator
o-sight-il|Arava Optronics Ltd|company|IL|optronics plant|sight integrator
o-sight-ca|Gatineau Optronics Inc|company|CA|optronics plant|sight integrator
o-gel-us|Nashoba Infrared Optics Inc|company|US|optics plant|
o-gel-be|Kempen Optics N.V.|company|BE|optics plant|
o-gel-cn|Mistpeak Infrared Optics Co.|company|CN|optics plant|
o-geb-be|Antwerpse Germanium Optiek N.V.|company|BE|crystal plant|
o-geb-us|Quabbin Crystal Growth Inc|company|US|crystal plant|
o-geb-de|Erzgebirge Kristall GmbH|company|DE|crystal plant|
o-chalc-us|Pocono Glass Optics Inc|company|US|glass plant|
o-chalc-fr|Verres de Bretagne SAS|company|FR|glass plant|
o-mb-cn|Thousandlake Thermal Imaging Co.|company|CN|detector fab|planted: registered in CN; US-DOD-1260H
o-mb-sg|Kallang Sensor Technologies Pte Ltd|company|SG|detector fab|planted: 70% owned by o-mb-cn (look-through control)
o-disp-kr|Hwaseong Microdisplay Co.|company|KR|display fab|
o-disp-de|Dresdner Mikrodisplay GmbH|company|DE|display fab|
o-disp-us|Beaverton Microdisplay Inc|company|US|display fab|
o-bp-us|Sandusky Battery Packs Inc|company|US|battery plant|
o-bp-pl|Odra Ogniwa Sp. z o.o.|company|PL|battery plant|
o-bp-fr|Batteries de l'Aisne SAS|company|FR|battery plant|
o-cell-kr|Chungbuk Cell Co.|company|KR|cell plant|
o-cell-jp|Awaji Battery KK|company|JP|cell plant|
o-cell-pl|Kaczawa Cells Sp. z o.o.|company|PL|cell plant|
o-cell-cn|Silverlake Battery Technology Co.|company|CN|cell plant|
o-halden|Halden Precision Castings AS|company|NO|foundry|
o-hc-de|Gießerei Westerwald GmbH|company|DE|foundry|
o-hc-us|Kettle River Castings Inc|company|US|foundry|
o-hold-gb|Albion Defence Holdings plc|company|GB||allied holding company
o-hold-us|Tidewater Industrial Partners LP|company|US||allied holding company
o-hold-lu|Luxar Industrial Holdings S.A.|company|LU||allied holding company
"""

# Facilities that are not simply "the organisation's own site":
# id | name | operator | country
EXTRA_FACILITIES = """
f-hollis-lap|Hollis Load-Assemble-Pack Plant|o-hollis|US
f-kessler-aap|Kessler Army Ammunition Plant (nitrocellulose lines)|o-kessler-ops|US
f-castellan-cedar-flats|Castellan Cedar Flats Perchlorate Plant|o-castellan|US
f-ga-sg-cn|Aldermoor Gallium Refinery (located in China)|o-ga-sg|CN
f-hollis-depot|Hollis Ammunition Storage Depot|o-hollis|US
"""

# --------------------------------------------------------------------------
# Items: id | name | kind. Materials (mat-*) come from the reference data.
ITEMS = """
p-155-round|Demo 155 mm artillery round|platform
a-155-projectile|155 mm projectile (metal parts and fill)|assembly
a-155-charge|155 mm modular propelling charge|assembly
a-155-fuze|155 mm point-detonating fuze|assembly
c-155-shell-body|155 mm shell body (forged and machined)|component
c-hf-steel-billet|High-fragmentation steel billet|component
c-155-hei-fill|155 mm high-explosive fill|component
c-rdx|RDX (cyclotrimethylenetrinitramine)|component
c-hexamine|Hexamine (RDX precursor)|component
c-tnt|TNT (trinitrotoluene)|component
c-dnan|DNAN melt-cast explosive (candidate TNT replacement)|component
c-155-rotating-band|155 mm rotating band|component
c-single-base-propellant|Single-base propellant grains|component
c-nitrocellulose|Nitrocellulose|component
c-charge-igniter|Charge igniter|component
c-percussion-primer|Percussion primer|component
c-antimony-trisulfide|Antimony trisulfide (primer mix)|component
c-fuze-body|Fuze body|component
c-al-7075-bar|Aluminium 7075 bar|component
c-safe-arm-device|Fuze safety and arming device|component
c-becu-spring|Beryllium-copper spring|component
c-fuze-booster|Fuze booster pellet|component
p-guided-rocket|Demo guided rocket|platform
a-rocket-motor|Solid rocket motor|assembly
a-guidance-section|Guidance section|assembly
a-warhead|Blast-fragmentation warhead|assembly
a-control-section|Control actuation section|assembly
c-motor-case|Rocket motor case|component
c-maraging-steel|Maraging steel strip|component
c-propellant-grain|Composite propellant grain|component
c-ammonium-perchlorate|Ammonium perchlorate|component
c-sodium-perchlorate|Sodium perchlorate|component
c-aluminium-powder|Atomised aluminium powder|component
c-htpb-binder|HTPB binder|component
c-motor-igniter|Rocket motor igniter|component
c-pt-bridgewire|Platinum bridgewire|component
c-nozzle|Rocket nozzle|component
c-graphite-throat|Graphite nozzle throat insert|component
c-imu|Inertial measurement unit|component
c-ring-laser-gyro|Ring laser gyroscope|component
c-fiber-optic-gyro|Fibre-optic gyroscope|component
c-gnss-receiver|GNSS receiver|component
c-flight-computer|Flight computer|component
c-fpga|Radiation-tolerant FPGA|component
c-warhead-case|Warhead case|component
c-tungsten-fragments|Preformed tungsten fragments|component
c-tungsten-heavy-alloy|Tungsten heavy alloy|component
c-pbx-fill|PBX explosive fill|component
c-fin-actuator|Fin actuator|component
c-ndfeb-magnet|NdFeB permanent magnet|component
c-smco-magnet|SmCo permanent magnet|component
c-thermal-battery|Thermal battery|component
p-ad-radar|Demo air-defence radar|platform
a-antenna-array|AESA antenna array|assembly
a-radar-processor|Radar signal processor|assembly
a-power-supply|Radar power supply|assembly
a-cooling-unit|Liquid cooling unit|assembly
a-radar-pedestal|Radar pedestal|assembly
c-trm-module|Transmit/receive module|component
c-gan-mmic|GaN MMIC power amplifier|component
c-gan-epi-wafer|GaN-on-SiC epitaxial wafer|component
c-sic-substrate|Semi-insulating SiC substrate|component
c-radome|Radome panel|component
c-processor-board|Signal processor board|component
c-power-module|Power conversion module|component
c-cold-plate|Cold plate|component
c-slewing-ring|Slewing ring bearing|component
c-titanium-mount|Titanium antenna mount|component
c-ti-6al-4v-bar|Ti-6Al-4V bar|component
p-thermal-sight|Demo thermal weapon sight|platform
a-ir-optics|Infrared objective|assembly
a-detector-core|Thermal detector core|assembly
a-sight-electronics|Sight electronics|assembly
a-sight-housing|Sight housing|assembly
c-germanium-lens|Germanium lens|component
c-germanium-blank|Germanium optical blank|component
c-chalcogenide-lens|Chalcogenide glass lens|component
c-microbolometer|Uncooled microbolometer array|component
c-sight-display|Microdisplay|component
c-battery-pack|Battery pack|component
c-li-ion-cell|Lithium-ion cell|component
c-housing-casting|Housing casting|component
c-eyecup-seal|Eyecup seal|component
"""

# Bill of materials: parent -> children (quantity 1 unless ``child*qty``).
BOM = """
p-155-round: a-155-projectile a-155-charge a-155-fuze
a-155-projectile: c-155-shell-body c-155-hei-fill c-155-rotating-band
c-155-shell-body: c-hf-steel-billet
c-hf-steel-billet: mat-manganese
c-155-hei-fill: c-rdx c-tnt
c-rdx: c-hexamine
a-155-charge: c-single-base-propellant*5 c-charge-igniter
c-single-base-propellant: c-nitrocellulose
c-charge-igniter: c-percussion-primer
c-percussion-primer: c-antimony-trisulfide
c-antimony-trisulfide: mat-antimony
a-155-fuze: c-fuze-body c-safe-arm-device c-fuze-booster
c-fuze-body: c-al-7075-bar
c-al-7075-bar: mat-aluminium
c-safe-arm-device: c-becu-spring*2
c-becu-spring: mat-beryllium
c-fuze-booster: c-rdx
p-guided-rocket: a-rocket-motor a-guidance-section a-warhead a-control-section
a-rocket-motor: c-motor-case c-propellant-grain c-motor-igniter c-nozzle
c-motor-case: c-maraging-steel
c-maraging-steel: mat-cobalt
c-propellant-grain: c-ammonium-perchlorate c-aluminium-powder c-htpb-binder
c-ammonium-perchlorate: c-sodium-perchlorate
c-aluminium-powder: mat-aluminium
c-motor-igniter: c-pt-bridgewire
c-pt-bridgewire: mat-platinum
c-nozzle: c-graphite-throat
c-graphite-throat: mat-graphite
a-guidance-section: c-imu c-gnss-receiver c-flight-computer
c-imu: c-ring-laser-gyro*3
c-fiber-optic-gyro: c-fpga
c-flight-computer: c-fpga
a-warhead: c-warhead-case c-tungsten-fragments c-pbx-fill
c-warhead-case: c-hf-steel-billet
c-tungsten-fragments: c-tungsten-heavy-alloy
c-tungsten-heavy-alloy: mat-tungsten
c-pbx-fill: c-rdx
a-control-section: c-fin-actuator*4 c-thermal-battery
c-fin-actuator: c-ndfeb-magnet*2
c-ndfeb-magnet: mat-rare-earths
c-smco-magnet: mat-rare-earths mat-cobalt
c-thermal-battery: mat-lithium
p-ad-radar: a-antenna-array a-radar-processor a-power-supply a-cooling-unit a-radar-pedestal
a-antenna-array: c-trm-module*1024 c-radome*4
c-trm-module: c-gan-mmic
c-gan-mmic: c-gan-epi-wafer
c-gan-epi-wafer: mat-gallium*0.0005 c-sic-substrate
a-radar-processor: c-processor-board*8 c-fpga*16
a-power-supply: c-power-module*6
a-cooling-unit: c-cold-plate*32
c-cold-plate: mat-aluminium
a-radar-pedestal: c-slewing-ring c-titanium-mount
c-titanium-mount: c-ti-6al-4v-bar
c-ti-6al-4v-bar: mat-titanium
p-thermal-sight: a-ir-optics a-detector-core a-sight-electronics a-sight-housing
a-ir-optics: c-germanium-lens*2
c-germanium-lens: c-germanium-blank
c-germanium-blank: mat-germanium*0.002
a-detector-core: c-microbolometer
a-sight-electronics: c-sight-display c-battery-pack
c-battery-pack: c-li-ion-cell*4
c-li-ion-cell: mat-lithium mat-graphite mat-cobalt
a-sight-housing: c-housing-casting c-eyecup-seal
c-housing-casting: mat-aluminium
"""

# Sources: item: supplier[@facility][=share][?] ...
#   @facility  the facility (default: the supplier's own site, none if it has none)
#   =share     the share of the item's supply (default: split among the rest)
#   ?          an unqualified candidate (no share)
# The ``@-`` form means "no facility".
SOURCES = """
p-155-round: o-hollis@f-hollis-lap=1.0 o-wislomet?
a-155-projectile: o-hollis@f-hollis-lap
a-155-charge: o-hollis@f-hollis-lap
c-155-hei-fill: o-hollis@f-hollis-lap
a-155-fuze: o-fuze-us o-fuze-se o-fuze-de
c-155-shell-body: o-pembrook=0.55 o-wexley=0.45 o-zlatohor?
c-hf-steel-billet: o-steel-us o-steel-de o-steel-se
c-rdx: o-rdx-us o-rdx-no o-rdx-pl
c-hexamine: o-hex-de o-hex-nl o-hex-in o-hex-ir
c-tnt: o-tnt-pl o-tnt-cz o-tnt-in o-tnt-us?
c-dnan: o-tnt-us o-tnt-pl
c-155-rotating-band: o-band-us o-band-gb o-band-de
c-single-base-propellant: o-prop-us o-prop-de o-prop-ch
c-nitrocellulose: o-kessler-ops@f-kessler-aap=0.7 o-marlow@f-kessler-aap=0.3 o-nc-de?
c-charge-igniter: o-ign-us o-ign-fr o-ign-gb
c-percussion-primer: o-prim-us o-prim-it o-prim-kr
c-antimony-trisulfide: o-sbs-cn=0.5 o-sbs-be o-sbs-us
c-fuze-body: o-fbody-us o-fbody-fr o-fbody-jp
c-al-7075-bar: o-al7-us o-al7-fr o-al7-jp
c-safe-arm-device: o-sa-us o-sa-no o-sa-fi
c-becu-spring: o-becu-us o-becu-de o-becu-jp
c-fuze-booster: o-boost-us o-boost-se o-boost-au
p-guided-rocket: o-meridale=0.6 o-thornbury=0.25 o-skarvik=0.15
a-rocket-motor: o-motor-1=0.6 o-motor-2=0.4 o-motor-no?
a-guidance-section: o-meridale o-thornbury o-skarvik
a-warhead: o-meridale o-thornbury o-skarvik
a-control-section: o-meridale o-thornbury o-skarvik
c-motor-case: o-case-us o-case-de o-case-fr
c-maraging-steel: o-mar-us o-mar-se o-mar-jp
c-propellant-grain: o-motor-1=0.6 o-motor-2=0.4
c-ammonium-perchlorate: o-castellan@f-castellan-cedar-flats=1.0 o-ap-fr?
c-sodium-perchlorate: o-naclo4-us o-naclo4-ca o-naclo4-de o-ofac-d
c-aluminium-powder: o-alp-us o-alp-no o-alp-cn o-ofac-c2
c-htpb-binder: o-htpb-us o-htpb-fr o-htpb-jp
c-motor-igniter: o-migr-us o-migr-gb o-migr-de
c-pt-bridgewire: o-ptw-us o-ptw-de o-ptw-jp
c-nozzle: o-noz-us o-noz-fr o-noz-it
c-graphite-throat: o-grt-us o-grt-fr o-grt-jp o-ctrl-e
c-imu: o-imu-us o-imu-gb o-imu-il
c-ring-laser-gyro: o-rlg-fr1=0.5 o-rlg-fr2=0.3 o-rlg-fr3=0.2
c-fiber-optic-gyro: o-fog-us o-fog-jp
c-gnss-receiver: o-gnss-us o-gnss-ca o-gnss-gb
c-flight-computer: o-fc-us o-fc-gb o-fc-de
c-fpga: o-fpga-us1 o-fpga-us2 o-fpga-jp
c-warhead-case: o-whc-us o-whc-de o-whc-se
c-tungsten-fragments: o-wf-us o-wf-at o-wf-fr o-lt-de1
c-tungsten-heavy-alloy: o-tha-us o-tha-at o-tha-cn o-ofac-b3
c-pbx-fill: o-pbx-us o-pbx-no o-pbx-gb
c-fin-actuator: o-act-us o-act-gb o-act-de o-lt-it2
c-ndfeb-magnet: o-ndfeb-cn1=0.55 o-ndfeb-cn2=0.25 o-ndfeb-jp=0.12 o-ndfeb-de=0.08
c-smco-magnet: o-smco-us o-smco-fr o-smco-cn
c-thermal-battery: o-tb-us o-tb-gb o-tb-fr
p-ad-radar: o-wendeler=0.5 o-sentinella=0.3 o-norrskar=0.2
a-antenna-array: o-wendeler o-sentinella o-norrskar
a-radar-processor: o-wendeler o-sentinella o-norrskar
a-power-supply: o-wendeler o-sentinella o-norrskar
a-cooling-unit: o-wendeler o-sentinella o-norrskar
a-radar-pedestal: o-wendeler o-sentinella o-norrskar
c-trm-module: o-trm-de o-trm-it o-trm-us
c-gan-mmic: o-mmic-us o-mmic-de o-mmic-fr
c-gan-epi-wafer: o-epi-us o-epi-jp o-epi-de
c-sic-substrate: o-sic-us o-sic-se o-sic-jp
c-radome: o-rad-us o-rad-fr o-rad-gb o-lt-ca3 o-cyc-c
c-processor-board: o-pb-de o-pb-it o-pb-se
c-power-module: o-pm-de o-pm-fi o-pm-us
c-cold-plate: o-cp-de o-cp-it o-cp-pl
c-slewing-ring: o-sr-de o-sr-it o-sr-cz o-cyc-b
c-titanium-mount: o-tim-de o-tim-gb o-tim-it
c-ti-6al-4v-bar: o-tib-us o-tib-jp o-tib-gb
p-thermal-sight: o-sight-fr o-sight-il o-sight-ca
a-ir-optics: o-sight-fr o-sight-il o-sight-ca
a-detector-core: o-sight-fr o-sight-il o-sight-ca
a-sight-electronics: o-sight-fr o-sight-il o-sight-ca
a-sight-housing: o-sight-fr o-sight-il o-sight-ca
c-germanium-lens: o-gel-us o-gel-be o-gel-cn
c-germanium-blank: o-geb-be o-geb-us o-geb-de
c-chalcogenide-lens: o-chalc-us o-chalc-fr
c-microbolometer: o-mb-cn=0.75 o-mb-sg=0.25
c-sight-display: o-disp-kr o-disp-de o-disp-us
c-battery-pack: o-bp-us o-bp-pl o-bp-fr
c-li-ion-cell: o-cell-kr o-cell-jp o-cell-pl o-cell-cn
c-housing-casting: o-halden o-hc-de o-hc-us
mat-aluminium: o-al-cn1=0.35 o-al-cn2=0.25 o-al-in=0.06 o-al-ru=0.05 o-al-ca=0.05 o-al-no=0.03
mat-beryllium: o-be-us=0.5 o-be-br=0.22 o-be-cn=0.21
mat-cobalt: o-co-cd1=0.5 o-co-cd2=0.26 o-co-id=0.1 o-co-ru=0.03 o-co-au=0.02 o-co-fi=0.02
mat-gallium: o-ga-cn1=0.45 o-ga-cn2=0.35 o-ga-sg@f-ga-sg-cn=0.15 o-ga-ru=0.04 o-ga-jp? o-ga-ca?
mat-germanium: o-ge-cn1=0.55 o-ge-cn2=0.31 o-ge-ru=0.029 o-ge-be=0.019 o-ge-ca=0.092
mat-graphite: o-gr-cn1=0.5 o-gr-cn2=0.28 o-gr-mz=0.047 o-gr-mg=0.056 o-gr-br=0.043
mat-lithium: o-li-au1=0.25 o-li-au2=0.12 o-li-cl=0.2 o-li-cn=0.17 o-li-zw=0.09 o-li-ar=0.075
mat-manganese: o-mn-za1=0.22 o-mn-za2=0.15 o-mn-ga=0.23 o-mn-au=0.14 o-mn-cn=0.039
mat-platinum: o-pt-za1=0.4 o-pt-za2=0.26 o-ofac-c4=0.05 o-pt-zw=0.11 o-pt-ru=0.11 o-pt-ca=0.03
mat-rare-earths: o-ree-cn1=0.4 o-ree-cn2=0.29 o-ree-us=0.115 o-ree-mm=0.08 o-ree-au=0.033
mat-titanium: o-ti-cn1=0.35 o-ti-cn2=0.25 o-ti-jp=0.17 o-ti-ru=0.06 o-ti-kz=0.04 o-ti-sa=0.05 o-ti-us=0.08
mat-tungsten: o-w-cn1=0.5 o-w-cn2=0.33 o-w-vn=0.04 o-w-ru=0.025 o-w-kp=0.02 o-w-at=0.01 o-w-pt=0.005 o-trader-ae@-=0.01
mat-antimony: o-sb-cn=0.6 o-sb-tj=0.17 o-sb-ru=0.13 o-sb-au=0.03 o-sb-tr=0.02
"""

# Recovery days that matter for the story (otherwise drawn at random).
RECOVERY = {
    ("c-ammonium-perchlorate", "o-castellan"): 540.0,  # a rebuilt oxidiser plant (PEPCON-like)
    ("c-nitrocellulose", "o-kessler-ops"): 365.0,
    ("c-nitrocellulose", "o-marlow"): 365.0,
    ("p-155-round", "o-hollis"): 270.0,
}

# Ownership: owner owned percentage [kind] | note
OWNERSHIP = """
o-gov-cn o-cnsg 100 | state group
o-cnsg o-ga-cn2 100 |
o-cnsg o-al-cn2 60 |
o-cnsg o-co-cd1 80 | adversary state group controls a CD cobalt mine
o-cnsg o-li-zw 51 | adversary state group controls a ZW lithium mine
o-gov-ru o-ti-kz 51 | planted: adversary government as direct owner of a KZ-registered supplier
o-gov-ir o-hex-ir 100 | adversary government as owner
o-sdn-x o-ofac-a1 50 | OFAC FAQ 401 example 1
o-ofac-a1 o-sb-tj 50 | OFAC FAQ 401 example 1
o-sdn-x o-ofac-a2 50 | OFAC FAQ 401 example 2
o-sdn-x o-ofac-b2 50 | OFAC FAQ 401 example 2
o-ofac-a2 o-ofac-c2 25 | OFAC FAQ 401 example 2
o-ofac-b2 o-ofac-c2 25 | OFAC FAQ 401 example 2
o-sdn-x o-ofac-a3 50 | OFAC FAQ 401 example 3
o-sdn-x o-ofac-b3 10 | OFAC FAQ 401 example 3
o-ofac-a3 o-ofac-b3 40 | OFAC FAQ 401 example 3
o-sdn-x o-ofac-a4 25 | OFAC FAQ 401 example 4
o-sdn-x o-ofac-b4 25 | OFAC FAQ 401 example 4
o-ofac-a4 o-ofac-c4 50 | OFAC FAQ 401 example 4
o-ofac-b4 o-ofac-c4 50 | OFAC FAQ 401 example 4
o-sdn-y o-ofac-d 30 | aggregation of two blocked persons
o-sdn-z o-ofac-d 25 | aggregation of two blocked persons
o-sdn-x o-ctrl-e 15 control | planted: control at a low percentage (golden share and board majority)
o-cnsg o-lt-sg1 70 | look-through control chain CN -> SG -> NL -> DE
o-lt-sg1 o-lt-nl1 90 | look-through control chain
o-lt-nl1 o-lt-de1 100 | look-through control chain (effective 63%)
o-cnsg o-lt-lu2 60 | look-through significant chain CN -> LU -> CH -> IT
o-lt-lu2 o-lt-ch2 75 | look-through significant chain
o-lt-ch2 o-lt-it2 80 | look-through significant chain (effective 36%)
o-cnsg o-lt-ae3 40 | look-through influence chain CN -> AE -> GB -> CA
o-lt-ae3 o-lt-gb3 50 | look-through influence chain
o-lt-gb3 o-lt-ca3 60 | look-through influence chain (effective 12%)
o-kamaport o-cyc-a 45 | adversary stake feeding the cycle
o-cyc-a o-cyc-b 60 | ownership cycle
o-cyc-b o-cyc-c 50 | ownership cycle
o-cyc-c o-cyc-a 20 | ownership cycle (closes the loop)
o-mb-cn o-mb-sg 70 | detector subsidiary abroad
o-gov-no o-rdx-no 50 | allied state ownership
o-gov-no o-skarvik 40 | allied state ownership
o-gov-pl o-wislomet 100 | allied state ownership
o-gov-pl o-tnt-pl 60 | allied state ownership
o-gov-fr o-rlg-fr1 30 | allied state ownership
o-hold-us o-hold-gb 100 | allied cross-border chain US -> GB
o-hold-gb o-thornbury 100 | allied cross-border chain
o-hold-gb o-ign-gb 100 |
o-hold-gb o-migr-gb 100 |
o-hold-us o-castellan 100 |
o-meridale o-motor-1 35 |
o-hold-lu o-halden 100 | allied cross-border chain LU -> NO
o-hold-lu o-hc-de 75 |
o-wendeler o-trm-de 100 |
o-wendeler o-sentinella 30 | cross-border minority stake DE -> IT
o-sentinella o-trm-it 49 |
o-sight-fr o-bp-fr 100 |
"""

# Designations (all of FICTIONAL entities): entity | list | listed_on | reason
DESIGNATIONS = """
o-sdn-x|US-OFAC-SDN|2022-06-28|illustrative: fictional holding designated for supporting a covered nation's defence sector
o-sdn-x|UK-SANCTIONS|2022-07-26|illustrative: fictional holding
o-sdn-y|US-OFAC-SDN|2023-02-24|illustrative: fictional resources company
o-sdn-z|US-OFAC-SDN|2023-05-19|illustrative: fictional trade house outside the covered nations
o-trader-ae|US-OFAC-SDN|2024-02-23|illustrative: fictional trader supplying restricted metals
o-ga-cn1|US-BIS-ENTITY|2023-10-06|illustrative: fictional refiner added to the Entity List
o-mb-cn|US-DOD-1260H|2024-01-31|illustrative: fictional Chinese military company
o-ti-ru|EU-FSF|2023-06-23|illustrative: fictional titanium works on the EU consolidated list
o-pt-ru|UK-SANCTIONS|2023-05-19|illustrative: fictional platinum refinery
"""

# Stockpiles: item | holder | quantity | consumption_per_day | days_of_supply | unit
STOCKPILES = """
mat-gallium|US|4.0|0.012||t
mat-antimony|US|1100|2.5||t
mat-rare-earths|JP|||60|t
mat-germanium|o-sight-fr|0.5|0.004||t
mat-tungsten|o-tha-us|||120|t
c-ammonium-perchlorate|o-motor-1|120|0.8||t
c-nitrocellulose|o-hollis|||45|t
c-ring-laser-gyro|o-meridale|40|0.5||units
c-microbolometer|o-sight-fr|300|4||units
"""

# Substitutes: item | substitute | qualified
SUBSTITUTES = """
c-ndfeb-magnet|c-smco-magnet|true
c-germanium-lens|c-chalcogenide-lens|false
c-tnt|c-dnan|false
c-ring-laser-gyro|c-fiber-optic-gyro|false
"""

# Volumes (docs/demo-network.md, "Volumes"). Platform demand per day and priority
# (the weight of a lost unit: roughly a unit value in thousands); every source's
# capacity is derived from the demand it serves, so the undisrupted network meets
# demand with headroom and the planted stories hold in volume.
DEMAND = {
    "p-155-round": (300.0, 1.0),
    "p-guided-rocket": (2.0, 150.0),
    "p-ad-radar": (0.2, 5000.0),
    "p-thermal-sight": (1.0, 20.0),
}
#: Qualified capacity = requirement x share x HEADROOM (units of the item per day), the
#: shares of an item's qualified sources scaled to add up to 1.
HEADROOM = 1.25
#: An unqualified candidate could supply this share of the requirement once qualified.
CANDIDATE_SHARE = 0.6
#: Stock at each qualified site: this many days of its own share of the requirement.
STOCK_DAYS = {"platform": 0.0, "assembly": 5.0, "component": 10.0, "material": 20.0}
#: Sites whose stock the story needs different (days of their share).
#: The gallium refiners ship as they refine: no stock of their own.
STOCK_DAYS_AT = {
    ("mat-gallium", "o-ga-cn1"): 0.0,
    ("mat-gallium", "o-ga-cn2"): 0.0,
    ("mat-gallium", "o-ga-sg"): 0.0,
    ("mat-gallium", "o-ga-ru"): 0.0,
}

COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name", "kind", "country", "note"),
    "facilities": ("id", "name", "operator", "country", "lat", "lon"),
    "items": ("id", "name", "kind", "unit", "demand_per_day", "priority"),
    "bom": ("parent", "child", "quantity"),
    "sources": (
        "item",
        "supplier",
        "facility",
        "share",
        "qualified",
        "recovery_days",
        "capacity",
        "stock",
    ),
    "ownership": ("owner", "owned", "percentage", "kind", "note"),
    "designations": ("entity", "list", "listed_on", "reason"),
    "stockpiles": ("item", "holder", "quantity", "consumption_per_day", "days_of_supply", "unit"),
    "substitutes": ("item", "substitute", "qualified"),
}

Row = dict[str, str]


def _lines(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


def _num(x: float) -> str:
    """Format a number compactly and stably (no float noise in the CSV)."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def _organisations() -> tuple[list[Row], dict[str, str]]:
    rows: list[Row] = []
    sites: dict[str, str] = {}
    for line in _lines(ORGS):
        oid, name, kind, country, site, note = (p.strip() for p in line.split("|"))
        rows.append({"id": oid, "name": name, "kind": kind, "country": country, "note": note})
        if site:
            sites[oid] = site
    return rows, sites


_LEGAL_FORMS = (
    " Inc",
    " Ltd",
    " Co.",
    " GmbH",
    " S.A.",
    " AG",
    " AS",
    " AB",
    " Oy",
    " KK",
    " SAS",
    " S.p.A.",
    " S.r.l.",
    " N.V.",
    " B.V.",
    " JSC",
    " Corp",
    " Corporation",
    " LLC",
    " LP",
    " Lda",
    " Ltda",
    " SARL",
    " SA",
    " SpA",
    " PT",
    " a.s.",
    " d.o.o.",
    " Pty",
    " (Pty)",
    " (Pvt)",
    " plc",
    " EOOD",
    " FZE",
    " Pte",
    " Sp. z o.o.",
    " A.S.",
    " Company",
)


def _short_name(name: str) -> str:
    """The organisation's name without trailing legal forms, for site names."""
    changed = True
    while changed:
        changed = False
        for form in _LEGAL_FORMS:
            if name.endswith(form) and len(name) > len(form) + 3:
                name = name[: -len(form)].rstrip(" ,")
                changed = True
    return name


def _place(rng: random.Random, country: str) -> tuple[str, str]:
    lat, lon = rng.choice(ANCHORS[country])
    return _num(lat + rng.uniform(-0.35, 0.35)), _num(lon + rng.uniform(-0.35, 0.35))


def _facilities(rng: random.Random, orgs: list[Row], sites: dict[str, str]) -> list[Row]:
    by_id = {str(o["id"]): o for o in orgs}
    rows: list[Row] = []
    for oid, site in sites.items():
        org = by_id[oid]
        country = str(org["country"])
        lat, lon = _place(rng, country)
        rows.append(
            {
                "id": "f-" + oid.removeprefix("o-"),
                "name": f"{_short_name(str(org['name']))} ({site})",
                "operator": oid,
                "country": country,
                "lat": lat,
                "lon": lon,
            }
        )
    for line in _lines(EXTRA_FACILITIES):
        fid, name, operator, country = (p.strip() for p in line.split("|"))
        lat, lon = _place(rng, country)
        rows.append(
            {"id": fid, "name": name, "operator": operator, "country": country}
            | {"lat": lat, "lon": lon}
        )
    return rows


def _items() -> list[Row]:
    rows: list[Row] = []
    for line in _lines(ITEMS):
        iid, name, kind = (p.strip() for p in line.split("|"))
        rate, priority = DEMAND.get(iid, (None, None))
        rows.append(
            {
                "id": iid,
                "name": name,
                "kind": kind,
                "unit": "each",
                "demand_per_day": _num(rate) if rate is not None else "",
                "priority": _num(priority) if priority is not None else "",
            }
        )
    return rows


def _requirements(bom: list[Row]) -> dict[str, float]:
    """Units per day of every item the platform demand needs (BOM explosion)."""
    kids: dict[str, list[tuple[str, float]]] = {}
    for r in bom:
        kids.setdefault(r["parent"], []).append((r["child"], float(r["quantity"])))
    req: dict[str, float] = {}

    def push(item: str, rate: float) -> None:
        req[item] = req.get(item, 0.0) + rate
        for child, q in kids.get(item, ()):
            push(child, rate * q)

    for item, (rate, _) in DEMAND.items():
        push(item, rate)
    return req


def _kind_of(item: str) -> str:
    if item.startswith("mat-"):
        return "material"
    return {"p": "platform", "a": "assembly"}.get(item.split("-")[0], "component")


def _volumes(sources: list[Row], bom: list[Row]) -> None:
    """Set every source's capacity (units per day) and stock (units) from the demand."""
    req = _requirements(bom)
    by_item: dict[str, list[Row]] = {}
    for r in sources:
        by_item.setdefault(r["item"], []).append(r)
    for item, rows in by_item.items():
        rate = req.get(item, 0.0)
        qualified = [r for r in rows if r["qualified"] == "true"]
        # Sources without a stated share split what the stated ones leave.
        stated = sum(float(r["share"]) for r in qualified if r["share"])
        blank = [r for r in qualified if not r["share"]]
        fill = max(0.0, 1.0 - stated) / len(blank) if blank else 0.0
        total = stated + fill * len(blank)
        for r in rows:
            if r["qualified"] != "true":
                share, days = CANDIDATE_SHARE, 0.0
            else:
                share = (float(r["share"]) if r["share"] else fill) / total
                days = STOCK_DAYS_AT.get((item, r["supplier"]), STOCK_DAYS[_kind_of(item)])
                share *= HEADROOM
            # Items no platform needs keep a nominal capacity of one unit a day.
            r["capacity"] = _sig(rate * share if rate > 0 else 1.0)
            r["stock"] = _sig(rate * share / HEADROOM * days) if days and rate > 0 else ""


def _sig(x: float) -> str:
    """Four significant digits, stable text."""
    return _num(float(f"{x:.4g}")) if x >= 1 else f"{x:.4g}"


def _bom() -> list[Row]:
    rows: list[Row] = []
    for line in _lines(BOM):
        parent, children = line.split(":")
        for child in children.split():
            name, _, qty = child.partition("*")
            rows.append({"parent": parent.strip(), "child": name, "quantity": qty or "1"})
    return rows


def _split(rng: random.Random, n: int, total: float) -> list[float]:
    """``n`` shares adding up to ``total``, the first largest (a lead supplier)."""
    weights = sorted((rng.uniform(1.0, 4.0) for _ in range(n)), reverse=True)
    s = sum(weights)
    shares = [round(total * w / s, 2) for w in weights]
    # Rounding must never push the item's shares above the total.
    while sum(shares) > total + 1e-9:
        shares[0] = round(shares[0] - 0.01, 2)
    return shares


def _sources(rng: random.Random, sites: dict[str, str], extra_sites: set[str]) -> list[Row]:
    rows: list[Row] = []
    for line in _lines(SOURCES):
        item, specs = line.split(":")
        item = item.strip()
        parsed: list[tuple[str, str, float | None, bool]] = []
        for spec in specs.split():
            qualified = not spec.endswith("?")
            spec = spec.rstrip("?")
            spec, _, share_text = spec.partition("=")
            supplier, _, facility = spec.partition("@")
            if facility == "-":
                facility = ""
            elif not facility:
                facility = "f-" + supplier.removeprefix("o-") if supplier in sites else ""
            if facility and facility not in extra_sites and supplier not in sites:
                raise ValueError(f"{item}: {supplier} has no site {facility}")
            parsed.append(
                (supplier, facility, float(share_text) if share_text else None, qualified)
            )
        fixed = sum(s for _, _, s, q in parsed if q and s is not None)
        open_ = [i for i, (_, _, s, q) in enumerate(parsed) if q and s is None]
        shares: dict[int, float] = {}
        if open_:
            rest = _split(rng, len(open_), max(0.0, 1.0 - fixed))
            shares.update(zip(open_, rest, strict=True))
        for i, (supplier, facility, share, qualified) in enumerate(parsed):
            value = share if share is not None else shares.get(i)
            recovery = RECOVERY.get((item, supplier), float(rng.choice(range(60, 541, 30))))
            # Drawn to keep the seeded stream (and so every later value) unchanged;
            # _volumes replaces it with a capacity derived from the demand.
            capacity = rng.choice((2, 5, 10, 20, 50, 100, 250, 500, 1000)) * 10
            rows.append(
                {
                    "item": item,
                    "supplier": supplier,
                    "facility": facility,
                    "share": _num(value) if qualified and value is not None else "",
                    "qualified": "true" if qualified else "false",
                    "recovery_days": _num(recovery),
                    "capacity": str(capacity),
                }
            )
    return rows


def _ownership() -> list[Row]:
    rows: list[Row] = []
    for line in _lines(OWNERSHIP):
        edge, _, note = line.partition("|")
        parts = edge.split()
        kind = parts[3] if len(parts) > 3 else "equity"
        rows.append(
            {
                "owner": parts[0],
                "owned": parts[1],
                "percentage": parts[2],
                "kind": kind,
                "note": note.strip(),
            }
        )
    return rows


def _pipe_table(block: str, columns: Sequence[str]) -> list[Row]:
    rows: list[Row] = []
    for line in _lines(block):
        values = [p.strip() for p in line.split("|")]
        rows.append(dict(zip(columns, values, strict=True)))
    return rows


def build() -> dict[str, list[Row]]:
    """Build every demo table as a list of rows (string values, CSV-ready).

    Returns
    -------
    dict[str, list[dict[str, object]]]
        Table name (as in ``graphmodel.schema.TABLES``) to rows.
    """
    rng = random.Random(SEED)
    orgs, sites = _organisations()
    facilities = _facilities(rng, orgs, sites)
    extra = {str(f["id"]) for f in facilities}
    bom = _bom()
    sources = _sources(rng, sites, extra)
    _volumes(sources, bom)
    return {
        "organisations": orgs,
        "facilities": facilities,
        "items": _items(),
        "bom": bom,
        "sources": sources,
        "ownership": _ownership(),
        "designations": _pipe_table(DESIGNATIONS, COLUMNS["designations"]),
        "stockpiles": _pipe_table(STOCKPILES, COLUMNS["stockpiles"]),
        "substitutes": _pipe_table(SUBSTITUTES, COLUMNS["substitutes"]),
    }


def write(tables: dict[str, list[Row]], out: Path) -> list[Path]:
    """Write ``tables`` as ``<name>.csv`` files into ``out``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for name, rows in tables.items():
        path = out / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths


def main(argv: Iterable[str] | None = None) -> int:
    """Command line: write the demo CSV files (default: the package's demo folder)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help="output folder")
    args = parser.parse_args(list(argv) if argv is not None else None)
    for path in write(build(), args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
