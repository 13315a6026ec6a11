// description: Load: create Facility nodes not in the store yet, from a table without extra columns (rows: [[id, name, operator, country, lat, lon, dataset, source_file, record_id, retrieved_on], ...], lists rather than maps because they load faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [["fac-x", "Example Plant", null, null, null, null, null, null, null, null]]}
UNWIND $rows AS r
CREATE (:Facility {id: r[0], name: r[1], operator: r[2], country: r[3], lat: r[4], lon: r[5], dataset: r[6], source_file: r[7], record_id: r[8], retrieved_on: r[9]})
