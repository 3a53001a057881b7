using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Tiers;

/// <summary>
/// What one ledger entry adds to (or, for a return, takes from) the tier-qualifying totals, attributed to the local
/// date of the order it belongs to (in the program's time zone), so that a return lowers the window the order counted in.
/// All three measures are recorded whatever the ladder counts, so a ladder can change its metric and be replayed.
/// </summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Date">The local date the change counts on.</param>
/// <param name="Points">The qualifying points (signed).</param>
/// <param name="Spend">The qualifying spend in the base currency (signed).</param>
/// <param name="Orders">The qualifying orders (signed).</param>
public readonly record struct QualifyingChange(LocalDate Date, long Points, decimal Spend, int Orders)
{
    /// <summary>Gets the change in one metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The signed change.</returns>
    public decimal ValueOf(QualifyingMetric metric) => metric switch
    {
        QualifyingMetric.Points => Points,
        QualifyingMetric.Spend => Spend,
        _ => Orders,
    };

    /// <summary>The storage form used by the database adapters: <c>yyyy-MM-dd|points|spend|orders</c>.</summary>
    internal string ToStorage() => string.Create(CultureInfo.InvariantCulture, $"{LocalDatePattern.Iso.Format(Date)}|{Points}|{Spend}|{Orders}");

    internal static QualifyingChange? FromStorage(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split('|');
        return new QualifyingChange(
            LocalDatePattern.Iso.Parse(parts[0]).Value,
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            decimal.Parse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture),
            int.Parse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture));
    }
}
