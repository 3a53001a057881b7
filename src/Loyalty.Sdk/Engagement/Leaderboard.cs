namespace Loyalty.Sdk.Engagement;

/// <summary>A member's points in a period (a leaderboard row's input).</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="MemberId">The member.</param>
/// <param name="Points">The points.</param>
public readonly record struct MemberPoints(MemberId MemberId, long Points);

/// <summary>One leaderboard row.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Rank">The rank: 1 + the number of members with more points (ties share a rank: 1, 2, 2, 4).</param>
/// <param name="MemberId">The member.</param>
/// <param name="Points">The points.</param>
public readonly record struct LeaderboardRow(int Rank, MemberId MemberId, long Points);

/// <summary>
/// Members ranked by points in a period: most points first, ties by member id (code-point order), standard
/// competition ranks. Built with one O(n log n) sort; <see cref="RankOf"/> is a dictionary lookup.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class Leaderboard
{
    private static readonly System.Comparison<MemberPoints> Order = (x, y) =>
        x.Points != y.Points ? y.Points.CompareTo(x.Points) : x.MemberId.CompareTo(y.MemberId);

    private readonly LeaderboardRow[] _rows;
    private readonly System.Collections.Generic.Dictionary<MemberId, int> _index;

    /// <summary>Initializes a new instance of the <see cref="Leaderboard"/> class from members' points.</summary>
    /// <param name="period">The period the points belong to.</param>
    /// <param name="points">The points per member (members without positive points are left out).</param>
    /// <exception cref="System.ArgumentNullException">An argument is null.</exception>
    /// <exception cref="System.ArgumentException">A member appears twice.</exception>
    public Leaderboard(NodaTime.DateInterval period, System.Collections.Generic.IReadOnlyList<MemberPoints> points)
    {
        System.ArgumentNullException.ThrowIfNull(period);
        System.ArgumentNullException.ThrowIfNull(points);
        Period = period;
        var sorted = new MemberPoints[points.Count];
        var count = 0;
        foreach (var row in points)
        {
            if (row.Points > 0)
            {
                sorted[count++] = row;
            }
        }

        System.Array.Sort(sorted, 0, count, System.Collections.Generic.Comparer<MemberPoints>.Create(Order));
        _rows = new LeaderboardRow[count];
        _index = new System.Collections.Generic.Dictionary<MemberId, int>(count);
        for (var i = 0; i < count; i++)
        {
            if (!_index.TryAdd(sorted[i].MemberId, i))
            {
                throw new System.ArgumentException($"Member '{sorted[i].MemberId}' appears twice.", nameof(points));
            }

            var rank = i > 0 && sorted[i].Points == sorted[i - 1].Points ? _rows[i - 1].Rank : i + 1;
            _rows[i] = new LeaderboardRow(rank, sorted[i].MemberId, sorted[i].Points);
        }
    }

    /// <summary>Gets the period.</summary>
    public NodaTime.DateInterval Period { get; }

    /// <summary>Gets the number of ranked members.</summary>
    public int Count => _rows.Length;

    /// <summary>Gets the first rows.</summary>
    /// <param name="count">How many rows.</param>
    /// <returns>The top rows (fewer when fewer members are ranked).</returns>
    public System.Collections.Generic.IReadOnlyList<LeaderboardRow> Top(int count)
    {
        if (count < 0)
        {
            throw new System.ArgumentOutOfRangeException(nameof(count), count, "The count must not be negative.");
        }

        return new System.ArraySegment<LeaderboardRow>(_rows, 0, System.Math.Min(count, _rows.Length));
    }

    /// <summary>Gets a member's row.</summary>
    /// <param name="memberId">The member.</param>
    /// <returns>The row, or <see langword="null"/> when the member earned nothing in the period.</returns>
    public LeaderboardRow? RankOf(MemberId memberId) =>
        _index.TryGetValue(memberId, out var i) ? _rows[i] : null;
}

/// <summary>The figures of one member's statement email.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="MemberId">The member.</param>
/// <param name="Period">The period of <paramref name="PointsEarned"/>.</param>
/// <param name="PointsEarned">Net points earned in the period.</param>
/// <param name="Expiring">Points expiring in the window after now, lot by lot.</param>
/// <param name="Balance">The balance now.</param>
public sealed record MemberDigest(MemberId MemberId, NodaTime.DateInterval Period, Points PointsEarned, Ledger.ExpiringPoints Expiring, Ledger.AccountBalance Balance);
