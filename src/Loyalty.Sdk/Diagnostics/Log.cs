using Microsoft.Extensions.Logging;

namespace Loyalty.Sdk.Diagnostics;

/// <summary>The engine's log messages, source-generated (no allocation when the level is off).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Program {ProgramId}: {Command} for member {MemberId} was rejected: {Reason} ({Message})")]
    public static partial void Rejected(ILogger logger, string programId, string command, string memberId, string reason, string message);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Program {ProgramId}: the account of member {MemberId} changed concurrently; retrying {Command} (attempt {Attempt})")]
    public static partial void Retrying(ILogger logger, string programId, string memberId, string command, int attempt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Program {ProgramId}: {Command} for member {MemberId} gave up after {Attempts} concurrent changes")]
    public static partial void GaveUp(ILogger logger, string programId, string command, string memberId, int attempts);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Program {ProgramId}: expiry run scanned {Accounts} account(s), wrote {Entries} expiry entr(ies) for {Points} points and {TierChanges} tier change(s)")]
    public static partial void ExpiryRun(ILogger logger, string programId, int accounts, int entries, long points, int tierChanges);
}
