using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>The supervised churn model trained on earlier cutoffs and scored on a later one, beside the baselines.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Cutoff">The evaluation cutoff.</param>
/// <param name="HorizonDays">N: churn is no purchase in the N days after a cutoff.</param>
/// <param name="TrainingCutoffs">The cutoffs the model was trained on, earliest first.</param>
/// <param name="TrainingRows">Customer rows it was trained on (one per customer and training cutoff).</param>
/// <param name="Customers">Customers scored at the evaluation cutoff.</param>
/// <param name="Churned">Of those, the customers who churned.</param>
/// <param name="Model">The fitted model.</param>
/// <param name="Features">The feature names, in the order of the model's weights.</param>
/// <param name="Scorers">The model first, then the baselines that could be computed.</param>
/// <param name="Calibration">The model's calibration table and lift by predicted-probability decile.</param>
/// <param name="Notes">What was left out and why (a baseline that could not be fitted).</param>
public sealed record SupervisedChurnEvaluation(
    LocalDate Cutoff,
    int HorizonDays,
    IReadOnlyList<LocalDate> TrainingCutoffs,
    int TrainingRows,
    int Customers,
    int Churned,
    LogisticRegression Model,
    IReadOnlyList<string> Features,
    IReadOnlyList<ScorerComparison> Scorers,
    IReadOnlyList<CalibrationBin> Calibration,
    IReadOnlyList<string> Notes);
