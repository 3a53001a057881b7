using System.Collections.Generic;

namespace Loyalty.Sdk.Engagement;

/// <summary>A member a win-back rule targets, and why.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="MemberId">The member.</param>
/// <param name="Reasons">The criteria met.</param>
/// <param name="AlreadyApplied">Whether the rule already acted on the member this campaign period (nothing more will happen).</param>
public sealed record WinBackTarget(MemberId MemberId, IReadOnlyList<string> Reasons, bool AlreadyApplied);
