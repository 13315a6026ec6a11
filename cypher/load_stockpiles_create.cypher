// description: Load: create Stockpile nodes not in the store yet, from a table without extra columns (rows: {rows: [[id, item, holder, quantity, consumption_per_day, days_of_supply], ...]} as the only element of rows: the store takes map rows, list rows are faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["item-x|org-x", "item-x", "org-x", 1.0, null, null]]}]}
UNWIND $rows[0].rows AS r
CREATE (:Stockpile {id: r[0], item: r[1], holder: r[2], quantity: r[3], consumption_per_day: r[4], days_of_supply: r[5]})
