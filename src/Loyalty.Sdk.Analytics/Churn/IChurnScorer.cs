using System.Threading;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Scores churn risk from purchases as of a date.</summary>
public interface IChurnScorer
{
    /// <summary>Gets the scorer's name, such as <c>rfm</c> or <c>bgnbd</c>.</summary>
    string Name { get; }

    /// <summary>Scores every customer with a purchase on or before <paramref name="asOf"/>, using only those purchases.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record: the amount, if the scorer uses it.</param>
    /// <param name="asOf">The last day of history the scorer may see.</param>
    /// <param name="cancellationToken">A token to cancel the scoring.</param>
    /// <returns>The scores.</returns>
    ChurnScores Score(PurchaseTable table, decimal[]? amounts, LocalDate asOf, CancellationToken cancellationToken = default);
}
