using System.Collections.Generic;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>The scores of every recommender under one protocol.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Protocol">The protocol.</param>
/// <param name="Users">Users evaluated: bought before the cutoff and bought a relevant item in the test period.</param>
/// <param name="Methods">Item-to-item first, then the baselines.</param>
public sealed record ProtocolScores(EvaluationProtocol Protocol, int Users, IReadOnlyList<MethodScores> Methods);
