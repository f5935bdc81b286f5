using Npgsql;

namespace KoreModelDeploy.Fleet.Waits;

/// <summary>
/// The right to work on one deployment (send its deploy request, poll its job), held by one instance at a time: a
/// PostgreSQL advisory lock inside an open transaction. PostgreSQL drops it when the holder ends the transaction or its
/// connection goes away, so an instance that dies never leaves a deployment locked.
/// </summary>
internal sealed class DeploymentLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private DeploymentLease(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Takes the lease on <paramref name="deploymentId"/>, or returns <see langword="null"/> when a live instance holds it.</summary>
    public static async Task<DeploymentLease?> TryTakeAsync(NpgsqlDataSource dataSource, Guid deploymentId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection, transaction);
            command.Parameters.Add(new() { Value = LockKey(deploymentId) });
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new DeploymentLease(connection, transaction);
            }

            await transaction.DisposeAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        // Ending the transaction releases the lock; nothing was written in it.
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    // Ids are version 7 GUIDs: their last eight bytes are random, a key spread as well as a hash would spread it.
    private static long LockKey(Guid id) => BitConverter.ToInt64(id.ToByteArray(), 8);
}
