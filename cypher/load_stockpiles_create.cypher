// description: Load: create Stockpile nodes not in the store yet, from a table without extra columns (rows: [[id, item, holder, quantity, consumption_per_day, days_of_supply], ...], lists rather than maps because they load faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [["item-x|org-x", "item-x", "org-x", 1.0, null, null]]}
UNWIND $rows AS r
CREATE (:Stockpile {id: r[0], item: r[1], holder: r[2], quantity: r[3], consumption_per_day: r[4], days_of_supply: r[5]})
