namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>One decile of the BG/NBD calibration table: customers ranked by predicted holdout purchases.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Decile">1 (lowest predictions) to 10.</param>
/// <param name="Customers">Customers in the decile.</param>
/// <param name="PredictedPurchases">Mean E[Y(holdout) | history].</param>
/// <param name="ActualPurchases">Mean actual repeat purchase days in the holdout.</param>
/// <param name="ActualRepeatBuyers">The share that bought at least once in the holdout.</param>
public readonly record struct CalibrationDecile(int Decile, int Customers, double PredictedPurchases, double ActualPurchases, double ActualRepeatBuyers);
