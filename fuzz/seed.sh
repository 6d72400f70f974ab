#!/usr/bin/env bash
# Writes the seed corpus of each fuzz target (fuzz/corpus/<target>/) from the Kanuma inventory and
# scenarios and the test fixtures: every run starts from real files. Files the fuzzer found before
# stay; running it again only adds the seeds back.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
k=facilities/kanuma
mkdir -p "$out"/{buildings_csv,folder_tables,scenario,cost_model}

# Files joined at NUL bytes, as the folder and cost-model targets cut them.
join() {
  local first=1 part
  for part in "$@"; do
    if [ $first = 0 ]; then printf '\0'; fi
    first=0
    if [ -n "$part" ]; then cat "$part"; fi
  done
}

# buildings_csv: Kanuma's buildings as a single buildings CSV (each building taking its facility's
# category), whole, its first rows, in Shift_JIS; and the bad inputs of the tests.
b=$out/buildings_csv
awk -F, 'NR == FNR { if (FNR > 1) cat[$1] = $3; next }
         FNR == 1 { print "id,name,category,floor_area_m2,built_year,structure,condition,survey_year,renovated_year,data_source"; next }
         { print $1 "," $3 "," cat[$2] "," $4 "," $5 "," $6 "," $7 "," $8 "," $9 "," $10 }' \
  $k/facilities.csv $k/buildings.csv > "$b/kanuma.csv"
head -n 20 "$b/kanuma.csv" > "$b/kanuma-head.csv"
if command -v iconv >/dev/null; then
  iconv -f UTF-8 -t SHIFT_JIS "$b/kanuma-head.csv" > "$b/kanuma-head-sjis.csv"
fi
printf 'id,name,category,floor_area_m2,built_year,structure,renovated_year,condition,survey_year,district,operating_cost_yen,data_source,source_url,grade_roof,grade_exterior,grade_interior,grade_electrical,grade_mechanical\nA,本庁舎,administrative,1200.5,S45,rc,H10,C,2020,chuo,12000000,published,https://example.org,B,C,B,A,C\nB,"校舎, 北",school,"1,000",1980,s,,,,,,estimated,,,,,,\n' > "$b/every-column.csv"
cp tests/fixtures/bad-input/*.csv "$b/"

# folder_tables: inventory.toml, facilities, buildings, districts, roads, infrastructure and a
# scenario of the folder. Kanuma as it is and with each of its scenarios; the small fixture; an
# inventory of infrastructure.
f=$out/folder_tables
join $k/inventory.toml $k/facilities.csv $k/buildings.csv $k/districts.csv $k/roads.csv > "$f/kanuma"
for s in scenarios/kanuma/*.toml; do
  sed 's#"\.\./\.\./facilities/kanuma"#"."#; s#\.\./\.\./facilities/kanuma/##' "$s" > "$f/scenario.tmp"
  join $k/inventory.toml $k/facilities.csv $k/buildings.csv $k/districts.csv $k/roads.csv "" \
    "$f/scenario.tmp" > "$f/kanuma-$(basename "$s" .toml)"
done
rm -f "$f/scenario.tmp"
s=tests/fixtures/small
join <(sed '/^model/d' $s/inventory.toml) $s/facilities.csv $s/buildings.csv $s/districts.csv $s/roads.csv > "$f/small"
printf 'id,name,asset,area_m2,length_m,built_year,structure,pipe_class,diameter_mm,rehabilitated\nR1,roads,一般道路,1500000,,,,,,\nR2,paths,road_footpath,,20000,,,,,\nB1,bridge,橋りょう,2000,,1970,PC,,,\nW1,water,water_pipe,,10000,1980,,配水管,150,\nW2,f,water_pipe,,10,2000,,distribution,1900,\nS1,a,sewer_pipe,,1000,1970,,,300,\nS2,b,sewer_pipe,,1000,1975,,,,yes\n' > "$f/infra.csv.tmp"
join <(printf 'name = "infra"\n[plan]\nfirst_year = 2016\nyears = 40\n') \
  <(printf 'id,name,category\n') <(printf 'id,facility_id,floor_area_m2,built_year\n') "" "" \
  "$f/infra.csv.tmp" > "$f/infrastructure"
rm -f "$f/infra.csv.tmp"

# scenario: every Kanuma scenario and the scenarios of the tests, as files of scenarios/kanuma/.
cp scenarios/kanuma/*.toml "$out/scenario/"
for s in tests/fixtures/scenarios/*.toml; do
  sed 's#^inventory = .*#inventory = "../../facilities/kanuma"#' "$s" > "$out/scenario/test-$(basename "$s")"
done

# cost_model: each Kanuma model and the test fixture's, alone (the Kanuma inventory as it is) and
# with the condition scenario (Monte Carlo draws what the model makes uncertain).
c=$out/cost_model
for m in $k/cost-model*.toml $k/running-costs.toml tests/fixtures/small/model.toml; do
  cp "$m" "$c/$(basename "$(dirname "$m")")-$(basename "$m")"
  join "$m" <(sed 's#^model = .*#model = "../../facilities/kanuma/fuzzed-model.toml"#' scenarios/kanuma/leveling.toml) \
    > "$c/$(basename "$(dirname "$m")")-leveling-$(basename "$m")"
done
echo "seeds: $(for t in buildings_csv folder_tables scenario cost_model; do printf '%s %s  ' $t "$(ls $out/$t | wc -l)"; done)"
