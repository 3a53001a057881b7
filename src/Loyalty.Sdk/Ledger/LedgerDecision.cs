using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>The outcome of deciding a command: the changes to commit, or a rejection.</summary>
internal readonly record struct LedgerDecision(LedgerChangeSet? Changes, Rejection? Rejection, Instant Now);
