using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Loyalty.Sdk.Analytics.Rfm;

/// <summary>
/// A map from (R, F) scores to named segments, as data. It must be a clean partition: every cell of the
/// bins × bins grid belongs to exactly one rule, and every rule has at least one cell. The constructor checks this
/// and lists every overlap, gap and empty rule.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed class RfmSegmentMap
{
    private readonly string[,] _cells;

    /// <summary>Initializes a new instance of the <see cref="RfmSegmentMap"/> class.</summary>
    /// <param name="rules">The segments.</param>
    /// <param name="bins">The number of score bins the map covers.</param>
    /// <exception cref="ArgumentException">The rules are not a partition of the grid; the message lists every problem.</exception>
    public RfmSegmentMap(IEnumerable<RfmSegmentRule> rules, int bins = 5)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (bins is < 2 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), bins, "An RFM map covers 2 to 100 bins.");
        }

        Rules = rules.ToArray();
        Bins = bins;
        _cells = new string[bins, bins];
        var problems = new List<string>();
        var covered = new int[Rules.Count];
        foreach (var (rule, index) in Rules.Select((r, i) => (r, i)))
        {
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                problems.Add($"rule {index + 1} has no name");
            }

            if (rule.RecencyFrom < 1 || rule.RecencyTo > bins || rule.FrequencyFrom < 1 || rule.FrequencyTo > bins)
            {
                problems.Add($"'{rule.Name}' reaches outside the scores 1..{bins}");
            }
        }

        for (var r = 1; r <= bins; r++)
        {
            for (var f = 1; f <= bins; f++)
            {
                var matches = Enumerable.Range(0, Rules.Count).Where(i => Contains(Rules[i], r, f)).ToArray();
                if (matches.Length == 0)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"R={r} F={f} is in no segment"));
                    continue;
                }

                if (matches.Length > 1)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"R={r} F={f} is in {matches.Length} segments: {string.Join(", ", matches.Select(i => $"'{Rules[i].Name}'"))}"));
                }

                _cells[r - 1, f - 1] = Rules[matches[0]].Name;
                covered[matches[0]]++;
            }
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            if (covered[i] == 0)
            {
                problems.Add($"'{Rules[i].Name}' is unreachable: every one of its cells belongs to an earlier segment, or it has none");
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("The RFM segment map is not a partition of the R×F grid: " + string.Join("; ", problems) + ".", nameof(rules));
        }
    }

    /// <summary>
    /// Gets the widely used 10-segment map over 5×5 R×F scores: Champions, Loyal Customers, Potential Loyalists, New
    /// Customers, Promising, Need Attention, About To Sleep, At Risk, Can't Lose Them, Hibernating.
    /// </summary>
    public static RfmSegmentMap Standard { get; } = new(
    [
        new("Champions", 5, 5, 4, 5),
        new("Loyal Customers", 3, 4, 4, 5),
        new("Potential Loyalists", 4, 5, 2, 3),
        new("New Customers", 5, 5, 1, 1),
        new("Promising", 4, 4, 1, 1),
        new("Need Attention", 3, 3, 3, 3),
        new("About To Sleep", 3, 3, 1, 2),
        new("At Risk", 1, 2, 3, 4),
        new("Can't Lose Them", 1, 2, 5, 5),
        new("Hibernating", 1, 2, 1, 2),
    ]);

    /// <summary>Gets the rules.</summary>
    public IReadOnlyList<RfmSegmentRule> Rules { get; }

    /// <summary>Gets the number of bins the map covers.</summary>
    public int Bins { get; }

    /// <summary>Gets the segment of a cell. Scores on another number of bins are first rescaled to this map's (⌈s · bins / scoreBins⌉).</summary>
    /// <param name="recency">The R score.</param>
    /// <param name="frequency">The F score.</param>
    /// <param name="scoreBins">The bins the scores were computed with.</param>
    /// <returns>The segment's name.</returns>
    public string SegmentOf(int recency, int frequency, int scoreBins)
    {
        int Scale(int s) => scoreBins == Bins ? s : (int)(((long)s * Bins + scoreBins - 1) / scoreBins);
        return _cells[Scale(recency) - 1, Scale(frequency) - 1];
    }

    private static bool Contains(RfmSegmentRule rule, int r, int f) =>
        r >= rule.RecencyFrom && r <= rule.RecencyTo && f >= rule.FrequencyFrom && f <= rule.FrequencyTo;
}
