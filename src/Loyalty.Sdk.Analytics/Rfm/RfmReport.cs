using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Rfm;

/// <summary>An RFM analysis: every customer with a purchase on or before the as-of date, and the segment sizes.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="AsOf">The as-of date.</param>
/// <param name="Bins">The number of bins.</param>
/// <param name="Customers">The customers, in customer-index order.</param>
/// <param name="Segments">Customers per segment, for every segment of the map (0 when empty).</param>
public sealed record RfmReport(LocalDate AsOf, int Bins, IReadOnlyList<RfmCustomer> Customers, IReadOnlyDictionary<string, int> Segments);
