namespace Loyalty.Sdk.Analytics.Rfm;

/// <summary>One segment of an R×F map: a rectangle of recency and frequency scores (inclusive ranges).</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Name">The segment's name.</param>
/// <param name="RecencyFrom">The lowest recency score.</param>
/// <param name="RecencyTo">The highest recency score.</param>
/// <param name="FrequencyFrom">The lowest frequency score.</param>
/// <param name="FrequencyTo">The highest frequency score.</param>
public readonly record struct RfmSegmentRule(string Name, int RecencyFrom, int RecencyTo, int FrequencyFrom, int FrequencyTo);
