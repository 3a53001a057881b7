using System;

namespace Loyalty.Sdk.Ledger;

/// <summary>What one <see cref="PeriodCounter"/> counts: a kind, and the rule, reward or activity it belongs to.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Kind">The kind.</param>
/// <param name="Subject">The activity type, task, reward, celebration or win-back rule; <see langword="null"/> for the member-wide kinds.</param>
public readonly record struct CounterKey(CounterKind Kind, string? Subject = null)
{
    /// <summary>Gets a value indicating whether the counter never resets (it has no period).</summary>
    public bool IsLifetime => Kind is CounterKind.PointsCredited or CounterKind.RewardClaims;

    /// <summary>Gets the counter of points earned in the member cap's period.</summary>
    internal static CounterKey Earned { get; } = new(CounterKind.PointsEarned);

    /// <summary>Gets the lifetime counter of points credited.</summary>
    internal static CounterKey Credited { get; } = new(CounterKind.PointsCredited);

    /// <summary>Gets the storage name: <c>earned</c>, <c>credited</c>, or a prefix and the subject (<c>activity:review</c>).</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Kind switch
    {
        CounterKind.PointsEarned => "earned",
        CounterKind.PointsCredited => "credited",
        _ => Prefix(Kind) + Subject,
    };

    /// <summary>Reads a storage name written by <see cref="ToString"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The key.</returns>
    /// <exception cref="FormatException">The name is not a counter's.</exception>
    internal static CounterKey Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name)
        {
            case "earned":
                return Earned;
            case "credited":
                return Credited;
        }

        foreach (var kind in Subjects)
        {
            var prefix = Prefix(kind);
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new CounterKey(kind, name[prefix.Length..]);
            }
        }

        throw new FormatException($"'{name}' is not the name of a loyalty counter.");
    }

    // Longest prefixes first: "reward-total:" before "reward:".
    private static readonly CounterKind[] Subjects =
        [CounterKind.RewardClaims, CounterKind.RewardClaimsInPeriod, CounterKind.Activity, CounterKind.Task, CounterKind.Celebration, CounterKind.WinBack];

    private static string Prefix(CounterKind kind) => kind switch
    {
        CounterKind.Activity => "activity:",
        CounterKind.Task => "task:",
        CounterKind.RewardClaimsInPeriod => "reward:",
        CounterKind.RewardClaims => "reward-total:",
        CounterKind.Celebration => "celebration:",
        CounterKind.WinBack => "win-back:",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This kind has no subject."),
    };
}
