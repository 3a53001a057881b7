using System.Collections.Generic;

namespace Loyalty.Sdk.Engagement;

/// <summary>What a win-back run did (or, for a dry run, would do).</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="RuleId">The rule.</param>
/// <param name="DryRun">Whether nothing was written.</param>
/// <param name="Evaluated">Members evaluated.</param>
/// <param name="Targets">Members targeted, with reasons.</param>
/// <param name="Applied">Members acted on by this run (0 for a dry run).</param>
public sealed record WinBackRunResult(string RuleId, bool DryRun, int Evaluated, IReadOnlyList<WinBackTarget> Targets, int Applied);
