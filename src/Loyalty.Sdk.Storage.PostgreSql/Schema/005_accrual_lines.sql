-- Accrual lines move from rows of their own to one column of the accrual, in the storage format every adapter uses
-- (LedgerStorageFormat.WriteAccrualLines): [[lineId, sku, category, units, "unitPrice", "baseAmount", "pointsPerUnit",
-- "multiplier", points, returnedUnits, reversedPoints, [rules]], ...]. An earn then writes one accrual row, not one per
-- line. numeric::text keeps each amount's scale, as the .NET decimal it was written from did.
ALTER TABLE loyalty_accruals ADD COLUMN lines text NOT NULL DEFAULT '[]';

UPDATE loyalty_accruals a
SET lines = l.lines
FROM (
    SELECT program_id, member_id, order_id,
           json_agg(json_build_array(line_id, sku, category, units, unit_price::text, base_amount::text,
                                     points_per_unit::text, multiplier::text, points, returned_units, reversed_points,
                                     to_json(rules)) ORDER BY position)::text AS lines
    FROM loyalty_accrual_lines
    GROUP BY program_id, member_id, order_id
) l
WHERE a.program_id = l.program_id AND a.member_id = l.member_id AND a.order_id = l.order_id;

DROP TABLE loyalty_accrual_lines;
