using System;
using System.Collections.Generic;
using System.Threading;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Engagement;

/// <summary>
/// Members ranked by points in a period: most points first, ties by member id (code-point order), standard
/// competition ranks (1, 2, 2, 4). Building sorts only the points (a primitive sort); <see cref="Top"/> orders just the
/// members at or above the n-th score, and <see cref="RankOf"/> is a binary search once the member's points are known
/// (found by a scan for the first few lookups, then through an index built once).
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class Leaderboard
{
    private const int ScansBeforeIndex = 4;

    private static readonly Comparer<MemberPoints> Order = Comparer<MemberPoints>.Create((x, y) =>
        x.Points != y.Points ? y.Points.CompareTo(x.Points) : x.MemberId.CompareTo(y.MemberId));

    private readonly MemberPoints[] _members;
    private readonly long[] _descending;
    private readonly object _gate = new();
    private LeaderboardRow[] _top = [];
    private Dictionary<MemberId, long>? _index;
    private int _lookups;

    /// <summary>Initializes a new instance of the <see cref="Leaderboard"/> class from members' points.</summary>
    /// <param name="period">The period the points belong to.</param>
    /// <param name="points">The points per member, one row per member (members without positive points are left out).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Leaderboard(DateInterval period, IReadOnlyList<MemberPoints> points)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(points);
        Period = period;
        var members = new MemberPoints[points.Count];
        var keys = new long[points.Count];
        var count = 0;
        foreach (var row in points)
        {
            if (row.Points > 0)
            {
                keys[count] = -row.Points; // ascending keys: most points first
                members[count++] = row;
            }
        }

        Array.Resize(ref members, count);
        Array.Resize(ref keys, count);
        Array.Sort(keys);
        _members = members;
        _descending = keys;
    }

    /// <summary>Gets the period.</summary>
    public DateInterval Period { get; }

    /// <summary>Gets the number of ranked members.</summary>
    public int Count => _members.Length;

    /// <summary>Gets the first rows.</summary>
    /// <param name="count">How many rows.</param>
    /// <returns>The top rows (fewer when fewer members are ranked).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">A member appears twice among the rows asked for.</exception>
    public IReadOnlyList<LeaderboardRow> Top(int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count must not be negative.");
        }

        count = Math.Min(count, _members.Length);
        lock (_gate)
        {
            if (_top.Length < count)
            {
                // Everyone at or above the count-th score (whole tie runs), ordered; then ranked.
                var threshold = -_descending[count - 1];
                var selected = new List<MemberPoints>(count + 16);
                foreach (var row in _members)
                {
                    if (row.Points >= threshold)
                    {
                        selected.Add(row);
                    }
                }

                selected.Sort(Order);
                var top = new LeaderboardRow[selected.Count];
                for (var i = 0; i < top.Length; i++)
                {
                    if (i > 0 && selected[i].MemberId == selected[i - 1].MemberId)
                    {
                        throw new ArgumentException($"Member '{selected[i].MemberId}' appears twice.");
                    }

                    top[i] = new LeaderboardRow(i > 0 && selected[i].Points == selected[i - 1].Points ? top[i - 1].Rank : i + 1, selected[i].MemberId, selected[i].Points);
                }

                _top = top;
            }

            return new ArraySegment<LeaderboardRow>(_top, 0, count);
        }
    }

    /// <summary>Gets a member's row.</summary>
    /// <param name="memberId">The member.</param>
    /// <returns>The row, or <see langword="null"/> when the member earned nothing in the period.</returns>
    public LeaderboardRow? RankOf(MemberId memberId)
    {
        long points = 0;
        if (Interlocked.Increment(ref _lookups) <= ScansBeforeIndex)
        {
            foreach (var row in _members)
            {
                if (row.MemberId == memberId)
                {
                    points = row.Points;
                    break;
                }
            }
        }
        else
        {
            lock (_gate)
            {
                if (_index is null)
                {
                    _index = new Dictionary<MemberId, long>(_members.Length);
                    foreach (var row in _members)
                    {
                        _index[row.MemberId] = row.Points;
                    }
                }
            }

            _index.TryGetValue(memberId, out points);
        }

        if (points <= 0)
        {
            return null;
        }

        // Rank = 1 + members with more points = 1 + the first index in the ascending keys whose key is >= -points.
        int lo = 0, hi = _descending.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_descending[mid] < -points)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return new LeaderboardRow(lo + 1, memberId, points);
    }
}
