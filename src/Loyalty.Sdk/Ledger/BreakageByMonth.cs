using System;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>Breakage of the points earned in one month (in the program's time zone): the share that expired unused.</summary>
/// <remarks>This type is immutable and thread-safe. The totals are 128-bit integers, summed over every member.</remarks>
/// <param name="Month">The month the points were earned.</param>
/// <param name="Earned">Points earned that month.</param>
/// <param name="Expired">Of those, points that had expired by the report's instant.</param>
/// <param name="Rate">Expired ÷ earned (0 when nothing was earned).</param>
public sealed record BreakageByMonth(YearMonth Month, Int128 Earned, Int128 Expired, decimal Rate);
