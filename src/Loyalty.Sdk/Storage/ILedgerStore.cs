using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// The storage port of the ledger: the only thing an adapter implements. A store keeps, for any number of programs,
/// account states, entries, lots, accruals, redemptions, idempotency records, reward claims, stock, program-wide
/// period counts and an outbox of events, and commits one command's changes atomically: all of them, or none.
/// </summary>
/// <remarks>
/// <para>
/// <b>What the engine relies on.</b> Every method is thread-safe and may be called concurrently from any number of
/// engines and processes sharing the store. Every read and write is scoped by <see cref="ProgramId"/>: a program never
/// sees another's data. The rules of the domain (what a command may do, which records a command may see) are the
/// engine's; a store enforces only what it alone can enforce atomically, inside the commit itself (a unique
/// constraint or a conditional update, never a read-then-write check in the application):
/// </para>
/// <list type="bullet">
/// <item>an idempotency key is used at most once per program and member (another member's key is another command);</item>
/// <item>the account is at the change set's expected version, so two decisions on one account never both commit;</item>
/// <item>a stock change keeps reserved and confirmed units between zero and the total (never oversold);</item>
/// <item>a program-wide period count stays between zero and its limit;</item>
/// <item>a voucher code is unique within a program;</item>
/// <item>the change set's events are appended to the outbox in the same transaction: an event exists exactly when its command committed.</item>
/// </list>
/// <para>
/// The parts of an account a store keeps as opaque text are written and read with <see cref="LedgerStorageFormat"/>.
/// The compliance suite in the <c>Loyalty.Sdk.Storage.Testing</c> package checks all of the above; an adapter that
/// passes it works with the engine.
/// </para>
/// </remarks>
public interface ILedgerStore
{
    /// <summary>
    /// Loads what deciding a command needs, in one consistent read (one snapshot, or a read that cannot see half of a
    /// commit): the account state and, when asked for, the command key's idempotency record (of this member), one
    /// accrual, one redemption with the lots it consumed, one claim (by key, or by voucher code), one reward's stock
    /// and one program-wide period count. The engine ignores records of an account that does not exist, and a claim
    /// found by voucher code that belongs to another member, so a store may return them.
    /// </summary>
    /// <param name="request">What to load.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The context; an account that does not exist has version 0.</returns>
    ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads what deciding each of many commands needs (a bulk import's batch): one context per request, in order,
    /// each as <see cref="LoadAsync"/> would return it and each one consistent read. A store should read them
    /// set-based (a few queries for the whole batch, each account once); the contexts need not come from one snapshot,
    /// because the batch's commit checks every account's version. The default loads them one by one.
    /// </summary>
    /// <param name="requests">What to load, one request per command.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The contexts, one per request, in the order of <paramref name="requests"/>.</returns>
    async ValueTask<IReadOnlyList<LedgerContext>> LoadManyAsync(IReadOnlyList<LedgerLoadRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var contexts = new LedgerContext[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            contexts[i] = await LoadAsync(requests[i], cancellationToken).ConfigureAwait(false);
        }

        return contexts;
    }

    /// <summary>
    /// Commits one command's changes atomically, if the account is still at the expected version and the key is
    /// unused: the new account state, entries, lots, records, stock and count changes, events and the idempotency
    /// record, all or none. Once it returns <see cref="CommitStatus.Committed"/> the commit is durable as the store
    /// promises and visible to every later read.
    /// </summary>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">A token to cancel the commit before it starts.</param>
    /// <returns>Whether the changes were committed, or which conflict prevented it (in which case nothing was written).</returns>
    ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits many commands' changes in one transaction, all or none: each change set is checked and applied as
    /// <see cref="CommitAsync"/> would, in order, so change sets of one account chain their versions. For bulk imports.
    /// </summary>
    /// <param name="changes">The change sets, in the order they were decided.</param>
    /// <param name="cancellationToken">A token to cancel the commit before it starts.</param>
    /// <returns>Committed, or the first conflict (in which case nothing was written).</returns>
    ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default);

    /// <summary>Reads a member's committed entries with sequence numbers in an inclusive range, in sequence order (entries are never changed once committed).</summary>
    /// <param name="programId">The program.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="fromSequence">The first sequence number.</param>
    /// <param name="toSequence">The last sequence number.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The entries.</returns>
    ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default);

    /// <summary>Reads a member's entries that took effect at or before an instant (as-of reads), in sequence order.</summary>
    /// <param name="programId">The program.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="effectiveUpTo">The instant; entries with <see cref="LedgerEntry.At"/> after it are left out.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The entries.</returns>
    ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default);

    /// <summary>Reads all of a member's lots, open and closed, ordered by id, as of the last commit (one consistent read).</summary>
    /// <param name="programId">The program.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The lots.</returns>
    ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of a program's accounts (with their open lots), ordered by member id in Unicode code-point order
    /// (<see cref="LedgerStorageFormat.CompareCodePoints"/>), starting after a cursor; only those whose next due instant
    /// (<see cref="AccountState.NextDueAt"/>: an expiry or a tier review) is at or before <paramref name="dueAtOrBefore"/>,
    /// when it is given. Pages are not one snapshot: an account committed between pages appears in a later page if its
    /// member id sorts after the cursor. Used by reports over all accounts and by "expiring soon" scans.
    /// </summary>
    /// <param name="programId">The program.</param>
    /// <param name="afterMember">The last member of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">The most accounts to return.</param>
    /// <param name="dueAtOrBefore">Only accounts due at or before this instant, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The page; shorter than <paramref name="pageSize"/> only at the end.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="pageSize"/> is not positive.</exception>
    ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, Instant? dueAtOrBefore = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> accounts whose next due instant (<see cref="AccountState.NextDueAt"/>: an expiry or a tier review) is at or before an instant and
    /// that no other worker holds a claim on, for <paramref name="lease"/>. Concurrent workers receive disjoint batches
    /// (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>), so several instances can run the expiry job at once; a worker that
    /// dies loses its claim when the lease ends.
    /// </summary>
    /// <param name="programId">The program.</param>
    /// <param name="dueAtOrBefore">The instant (usually now).</param>
    /// <param name="now">The current instant, against which leases are compared.</param>
    /// <param name="batchSize">The most accounts to claim.</param>
    /// <param name="lease">How long the claim lasts.</param>
    /// <param name="cancellationToken">A token to cancel the claim.</param>
    /// <returns>The claimed accounts; empty when nothing (unclaimed) is due.</returns>
    ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default);

    /// <summary>Reads a member's reward claims, oldest first (ties by key in code-point order).</summary>
    /// <param name="programId">The program.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The claims.</returns>
    ValueTask<IReadOnlyList<RewardClaim>> ReadClaimsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default);

    /// <summary>Finds the claim that issued a voucher code (codes are unique within a program).</summary>
    /// <param name="programId">The program.</param>
    /// <param name="voucherCode">The code.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The claim, or <see langword="null"/>.</returns>
    ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default);

    /// <summary>Reads a reward's stock.</summary>
    /// <param name="programId">The program.</param>
    /// <param name="rewardId">The reward.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The stock, or <see langword="null"/> when the reward was never stocked.</returns>
    ValueTask<RewardStock?> ReadStockAsync(ProgramId programId, string rewardId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds units to a reward's stock (a negative quantity removes available units), atomically with respect to
    /// concurrent reservations.
    /// </summary>
    /// <param name="programId">The program.</param>
    /// <param name="rewardId">The reward.</param>
    /// <param name="quantity">The units to add (or remove, when negative).</param>
    /// <param name="cancellationToken">A token to cancel the write.</param>
    /// <returns>The stock after the change, or <see langword="null"/> when removing would take more than the available units (nothing changed).</returns>
    ValueTask<RewardStock?> AddStockAsync(ProgramId programId, string rewardId, long quantity, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sums, per member, the amounts of Earn and Reverse entries that took effect in [<paramref name="from"/>,
    /// <paramref name="to"/>): net points earned in a period. Members whose sum is not positive are left out.
    /// </summary>
    /// <param name="programId">The program.</param>
    /// <param name="from">The start (inclusive).</param>
    /// <param name="to">The end (exclusive).</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The totals, in no particular order.</returns>
    ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads committed outbox events after a cursor, in cursor order. A reader that saves the last cursor it handled
    /// and reads on from it sees every committed event at least once and never an uncommitted one.
    /// </summary>
    /// <param name="programId">The program.</param>
    /// <param name="after">The cursor to read after (<see cref="EventCursor.Start"/> for the beginning).</param>
    /// <param name="maxCount">The most events to return.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The events.</returns>
    ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Reads the cursor a named consumer saved, or <see cref="EventCursor.Start"/>.</summary>
    /// <param name="programId">The program.</param>
    /// <param name="consumer">The consumer's name.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The cursor.</returns>
    ValueTask<EventCursor> ReadConsumerCursorAsync(ProgramId programId, string consumer, CancellationToken cancellationToken = default);

    /// <summary>Saves a named consumer's cursor.</summary>
    /// <param name="programId">The program.</param>
    /// <param name="consumer">The consumer's name.</param>
    /// <param name="cursor">The cursor of the last event the consumer handled.</param>
    /// <param name="cancellationToken">A token to cancel the write.</param>
    /// <returns>A task that completes when the cursor is saved.</returns>
    ValueTask SaveConsumerCursorAsync(ProgramId programId, string consumer, EventCursor cursor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Outbox retention: deletes the program's events that every registered consumer has passed and that occurred
    /// before <paramref name="occurredBefore"/>. A consumer is registered once it has saved a cursor; with no registered
    /// consumer nothing is deleted. The newest event of the program may be kept (a store that numbers events from its
    /// newest one keeps it, so that positions never go back). Deleting never moves or renumbers the events that stay,
    /// so every saved cursor stays valid and reading on from it returns the same events as before.
    /// </summary>
    /// <param name="programId">The program.</param>
    /// <param name="occurredBefore">Only events that occurred before this instant are deleted.</param>
    /// <param name="cancellationToken">A token to cancel the deletion before it starts.</param>
    /// <returns>The number of events deleted.</returns>
    ValueTask<long> PruneEventsAsync(ProgramId programId, Instant occurredBefore, CancellationToken cancellationToken = default);
}
