using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>How well the scorers predicted churn on a holdout period.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Customers">Customers with a purchase in the calibration period.</param>
/// <param name="Churned">Of those, customers with no purchase in the holdout (the positive label).</param>
/// <param name="AucRfm">ROC AUC of the RFM churn risk.</param>
/// <param name="AucPAlive">ROC AUC of 1 − P(alive). One-time buyers have P(alive) = 1 by the model's definition, so on data where most of them never return (CDNOW) this score ranks churners worse than chance.</param>
/// <param name="AucExpectedPurchases">ROC AUC of −E[Y(holdout) | history]: BG/NBD's own prediction of purchases, which also counts the chance an alive customer simply does not buy.</param>
/// <param name="Model">The BG/NBD model fitted to the calibration period.</param>
/// <param name="Deciles">The BG/NBD calibration table.</param>
public sealed record ChurnEvaluation(int Customers, int Churned, double AucRfm, double AucPAlive, double AucExpectedPurchases, BgNbdModel Model, IReadOnlyList<CalibrationDecile> Deciles);
