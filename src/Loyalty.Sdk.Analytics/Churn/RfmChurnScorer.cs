using System.Linq;
using System.Threading;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Rfm;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Churn risk from RFM scores (<see cref="RfmAnalysis.ChurnRisk"/>).</summary>
/// <param name="options">RFM options (the as-of date is replaced by the one scored at).</param>
public sealed class RfmChurnScorer(RfmOptions? options = null) : IChurnScorer
{
    /// <inheritdoc/>
    public string Name => "rfm";

    /// <inheritdoc/>
    public ChurnScores Score(PurchaseTable table, decimal[]? amounts, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var report = RfmAnalysis.Compute(table, amounts, (options ?? new RfmOptions()) with { AsOf = asOf }, cancellationToken);
        return new ChurnScores(report.Customers.Select(c => c.Customer).ToArray(), report.Customers.Select(c => c.ChurnRisk).ToArray());
    }
}
