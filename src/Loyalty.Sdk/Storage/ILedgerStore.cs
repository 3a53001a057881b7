using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// The storage port of the ledger. A store keeps entries, lots, accruals, redemptions, account states and idempotency
/// records for any number of programs, and commits one command's changes atomically: all of them, or none.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe and must enforce, inside the commit itself (a unique constraint, not a
/// read-then-write check), that an idempotency key is used once per program and member (as payment APIs scope keys
/// to an account: another member's key is a different command) and that the account version is the expected one. The same transaction applies the change set's stock change conditionally (never oversold), writes
/// its period count (never past its limit), its reward claim (voucher codes unique per program), and appends its events to the outbox: an event exists
/// exactly when its command committed. Every read and write is scoped by <see cref="ProgramId"/>: a program never sees another's data.
/// </remarks>
public interface ILedgerStore
{
    /// <summary>Finds the record of a member's committed command by its idempotency key (keys are scoped to their member).</summary>
    /// <param name="programId">The program.</param>
    /// <param name="memberId">The member whose command used the key.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The record, or <see langword="null"/> when the member never committed the key.</returns>
    ValueTask<IdempotencyRecord?> FindIdempotencyRecordAsync(ProgramId programId, MemberId memberId, IdempotencyKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads what deciding a command needs, in one consistent read: the account state and, when asked for, the
    /// command key's idempotency record, one accrual, and one redemption with its lots.
    /// </summary>
    /// <param name="request">What to load.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The context; an account that does not exist has version 0.</returns>
    ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default);

    /// <summary>Commits one command's changes atomically, if the account is still at the expected version and the key is unused.</summary>
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

    /// <summary>Reads a member's entries with sequence numbers in an inclusive range, in sequence order.</summary>
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

    /// <summary>Reads all of a member's lots, open and closed, ordered by id.</summary>
    /// <param name="programId">The program.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The lots.</returns>
    ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of accounts whose next due instant (<see cref="AccountState.NextDueAt"/>: an expiry or a tier review) is at or before an instant, ordered by member id
    /// in Unicode code-point order (see <see cref="MemberId.CompareTo"/>), starting after a cursor. Used by the expiry job and by "expiring soon" reminders.
    /// </summary>
    /// <param name="programId">The program.</param>
    /// <param name="dueAtOrBefore">The instant.</param>
    /// <param name="afterMember">The last member of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">The most accounts to return.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The page; shorter than <paramref name="pageSize"/> only at the end.</returns>
    ValueTask<IReadOnlyList<AccountState>> ScanAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, MemberId? afterMember, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a program's accounts (with their open lots), in member-id code-point order, after a cursor.</summary>
    /// <param name="programId">The program.</param>
    /// <param name="afterMember">The last member of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">The most accounts to return.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The page; shorter than <paramref name="pageSize"/> only at the end.</returns>
    ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, CancellationToken cancellationToken = default);

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

    /// <summary>Reads a member's reward claims, oldest first.</summary>
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
}
