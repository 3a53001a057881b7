using System.Linq;
using System.Threading;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Churn risk as 1 − P(alive) under a BG/NBD model fitted to the history up to the as-of date.</summary>
/// <param name="period">The time unit of the summaries.</param>
/// <param name="fitOptions">Fit options.</param>
public sealed class BgNbdChurnScorer(SummaryPeriod period = SummaryPeriod.Week, BgNbdFitOptions? fitOptions = null) : IChurnScorer
{
    /// <inheritdoc/>
    public string Name => "bgnbd";

    /// <summary>Gets the model of the last <see cref="Score"/> call.</summary>
    public BgNbdModel? Model { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="ModelFitException">The model cannot be fitted to the history.</exception>
    public ChurnScores Score(PurchaseTable table, decimal[]? amounts, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var summaries = CustomerSummaries.Build(table, asOf, period);
        cancellationToken.ThrowIfCancellationRequested();
        var model = BgNbdModel.Fit(summaries, fitOptions);
        Model = model;
        return new ChurnScores(
            summaries.Select(s => s.Customer).ToArray(),
            summaries.Select(s => 1 - model.ProbabilityAlive(s.Frequency, s.Recency, s.T)).ToArray());
    }
}
