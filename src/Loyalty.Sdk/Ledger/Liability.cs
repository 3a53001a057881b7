using System;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>A program's outstanding points as of an instant, valued at the program's cost per point.</summary>
/// <remarks>
/// This type is immutable and thread-safe. Program-wide totals are 128-bit integers: each member holds at most
/// <see cref="LoyaltyLimits.MaxPointsPerMember"/>, but together members can hold more than 64 bits count.
/// </remarks>
/// <param name="AsOf">The instant.</param>
/// <param name="Members">Accounts counted.</param>
/// <param name="Outstanding">Points not spent, reversed or expired (available plus pending), before debt.</param>
/// <param name="Available">Of those, points available now.</param>
/// <param name="Pending">Of those, points still pending.</param>
/// <param name="Debt">Points members owe from reversals (a receivable, not netted into the liability).</param>
/// <param name="CostPerPoint">The program's cost of one point, in the base currency.</param>
/// <param name="Value">The liability: outstanding points × cost per point, in the base currency.</param>
public sealed record Liability(Instant AsOf, int Members, Int128 Outstanding, Int128 Available, Int128 Pending, Int128 Debt, decimal CostPerPoint, decimal Value);
