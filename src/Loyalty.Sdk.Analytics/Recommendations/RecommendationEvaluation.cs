using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Recommendations;

/// <summary>Recommenders trained before a cutoff and scored on what members bought after it.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Cutoff">The last day of training history.</param>
/// <param name="TestEnd">The last day of the test period.</param>
/// <param name="Items">Items in the catalogue ranked over (every item bought before the cutoff).</param>
/// <param name="Protocols">The scores under each protocol.</param>
public sealed record RecommendationEvaluation(LocalDate Cutoff, LocalDate TestEnd, int Items, IReadOnlyList<ProtocolScores> Protocols);
