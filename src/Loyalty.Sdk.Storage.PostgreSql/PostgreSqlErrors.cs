using System;
using Npgsql;

namespace Loyalty.Sdk.Storage.PostgreSql;

/// <summary>Maps Npgsql's errors to the documented <see cref="LedgerStoreException"/> kinds.</summary>
internal static class PostgreSqlErrors
{
    /// <summary>Whether the exception came from the provider or the connection (never from our own checks).</summary>
    public static bool IsProvider(Exception ex) => ex is NpgsqlException or System.IO.IOException or System.Net.Sockets.SocketException;

    /// <summary>
    /// Translates a provider error. An error the server sent (<see cref="PostgresException"/>) means it aborted the
    /// transaction, so nothing was committed. A connection that broke or timed out while a commit was in flight (the
    /// COMMIT travels in the same batch as the changes) leaves the outcome unknown.
    /// </summary>
    public static LedgerStoreException Translate(Exception ex, bool commit)
    {
        if (ex is PostgresException server)
        {
            var state = server.SqlState;
            var failure = state switch
            {
                "57014" => LedgerStoreFailure.Timeout,
                "40001" or "40P01" or "55P03" => LedgerStoreFailure.Busy,
                "57P01" or "57P02" or "57P03" => LedgerStoreFailure.ConnectionLost,
                "3D000" or "42P01" or "42501" => LedgerStoreFailure.Unavailable,
                _ when state.StartsWith("08", StringComparison.Ordinal) => LedgerStoreFailure.ConnectionLost,
                _ when state.StartsWith("28", StringComparison.Ordinal) => LedgerStoreFailure.Unavailable,
                _ when state.StartsWith("23", StringComparison.Ordinal) => LedgerStoreFailure.Constraint,
                _ => LedgerStoreFailure.Storage,
            };
            return new LedgerStoreException(failure, false, $"PostgreSQL refused the operation ({state}: {server.MessageText}); nothing was written.", ex);
        }

        var timedOut = ex.InnerException is TimeoutException || ex is NpgsqlException { IsTransient: true } && ex.InnerException is TimeoutException;
        var kind = timedOut ? LedgerStoreFailure.Timeout : LedgerStoreFailure.ConnectionLost;
        return commit
            ? new LedgerStoreException(kind, true, $"The connection to PostgreSQL failed while a commit was in flight ({ex.Message}); it may have committed: run the command again with the same key.", ex)
            : new LedgerStoreException(kind, false, $"The connection to PostgreSQL failed ({ex.Message}); nothing was written.", ex);
    }
}
