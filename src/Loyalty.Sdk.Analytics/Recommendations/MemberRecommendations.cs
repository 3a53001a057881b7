using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>One member's recommendations, best first.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Customer">The customer index.</param>
/// <param name="Items">The recommendations, best first.</param>
public sealed record MemberRecommendations(int Customer, IReadOnlyList<Recommendation> Items);
