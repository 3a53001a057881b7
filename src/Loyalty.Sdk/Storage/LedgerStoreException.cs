using System;

namespace Loyalty.Sdk.Storage;

/// <summary>
/// Thrown when a store cannot be used as configured: the database is missing, read-only, unreachable, or its schema
/// is newer than this library understands. Raised at start-up, before anything is written.
/// </summary>
public sealed class LedgerStoreException : InvalidOperationException
{
    /// <summary>Initializes a new instance of the <see cref="LedgerStoreException"/> class.</summary>
    public LedgerStoreException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LedgerStoreException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public LedgerStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LedgerStoreException"/> class.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The provider's error.</param>
    public LedgerStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
