using System;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// Thrown by a store when the database fails: at start-up (missing, read-only, unreachable, a newer schema) or on any
/// read or commit (busy, timed out, connection lost, disk full). No provider exception (<c>SqliteException</c>,
/// <c>NpgsqlException</c>) reaches a caller; it is the <see cref="Exception.InnerException"/>.
/// </summary>
/// <remarks>
/// <see cref="Failure"/> says what kind of failure it was and <see cref="MayHaveCommitted"/> whether a command's
/// changes may be durable all the same (only when the connection or disk failed while the commit was in flight). A
/// command that may have committed is safe to run again with the same idempotency key: it replays or commits once.
/// This type is thread-safe.
/// </remarks>
public sealed class LedgerStoreException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="LedgerStoreException"/> class.</summary>
    public LedgerStoreException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LedgerStoreException"/> class, for a store that cannot be used (<see cref="LedgerStoreFailure.Unavailable"/>).</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public LedgerStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LedgerStoreException"/> class, for a store that cannot be used (<see cref="LedgerStoreFailure.Unavailable"/>).</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The provider's error.</param>
    public LedgerStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LedgerStoreException"/> class.</summary>
    /// <param name="failure">The kind of failure.</param>
    /// <param name="mayHaveCommitted">Whether the failed operation's changes may have been committed.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The provider's error, if any.</param>
    public LedgerStoreException(LedgerStoreFailure failure, bool mayHaveCommitted, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        MayHaveCommitted = mayHaveCommitted;
    }

    /// <summary>Gets the kind of failure.</summary>
    /// <value>The default is <see cref="LedgerStoreFailure.Unavailable"/>.</value>
    public LedgerStoreFailure Failure { get; }

    /// <summary>
    /// Gets a value indicating whether the failed operation's changes may have been committed: run the same command with
    /// the same idempotency key to find out (it replays the original result or commits once). When
    /// <see langword="false"/>, nothing was written.
    /// </summary>
    public bool MayHaveCommitted { get; }
}
