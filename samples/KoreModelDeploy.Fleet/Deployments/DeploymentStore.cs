using Npgsql;

namespace KoreModelDeploy.Fleet.Deployments;

/// <summary>
/// The deployments every instance shares, in PostgreSQL: what was asked, what was sent, the last status seen. Each
/// change is one statement committed on its own, so what was recorded before a deploy request went out stays recorded
/// if the instance dies during it.
/// </summary>
public sealed class DeploymentStore(NpgsqlDataSource dataSource, FleetSettings settings)
{
    private const string Columns = "id, model_id, state, dock_status_id, message, polls, updated_by, updated_at";

    /// <summary>Creates the table when it is missing; instances starting together take turns.</summary>
    public async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(hashtext('kore-fleet-schema'));
            CREATE TABLE IF NOT EXISTS fleet_deployments (
                id uuid PRIMARY KEY,
                idempotency_key text UNIQUE,
                model_id text NOT NULL,
                model_type text NOT NULL,
                request text NOT NULL,
                state text NOT NULL,
                dock_status_id text,
                message text,
                polls integer NOT NULL DEFAULT 0,
                consecutive_failures integer NOT NULL DEFAULT 0,
                wait_started_at timestamptz,
                updated_by text NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now());
            """, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Records a new deployment, or finds the one recorded earlier under the same <paramref name="idempotencyKey"/>.
    /// </summary>
    /// <returns>The deployment, whether this call created it, and whether an earlier one asked for something else.</returns>
    public async Task<(Deployment Deployment, bool Created, bool Differs)> AddAsync(
        string? idempotencyKey, string modelId, string modelType, string request, CancellationToken cancellationToken)
    {
        await using var insert = dataSource.CreateCommand(
            $"""
            INSERT INTO fleet_deployments (id, idempotency_key, model_id, model_type, request, state, updated_by)
            VALUES ($1, $2, $3, $4, $5, '{DeploymentState.Accepted}', $6)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING {Columns}
            """);
        insert.Parameters.Add(new() { Value = Guid.CreateVersion7() });
        insert.Parameters.Add(new() { Value = (object?)idempotencyKey ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = modelId });
        insert.Parameters.Add(new() { Value = modelType });
        insert.Parameters.Add(new() { Value = request });
        insert.Parameters.Add(new() { Value = settings.InstanceName });
        if (await ReadOneAsync(insert, cancellationToken) is { } created)
        {
            return (created, true, false);
        }

        await using var select = dataSource.CreateCommand(
            $"SELECT {Columns}, model_type, request FROM fleet_deployments WHERE idempotency_key = $1");
        select.Parameters.Add(new() { Value = idempotencyKey! });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Only a deletion between the two statements gets here; the sample never deletes.
            throw new InvalidOperationException("The deployment recorded under this idempotency key disappeared.");
        }

        var existing = Read(reader);
        var differs = existing.ModelId != modelId || reader.GetString(8) != modelType || reader.GetString(9) != request;
        return (existing, false, differs);
    }

    /// <summary>The deployment, or <see langword="null"/> when there is none with this id.</summary>
    public async Task<Deployment?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM fleet_deployments WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>
    /// Records the intent to send the deploy request (<see cref="DeploymentState.Starting"/>) if it was not sent yet.
    /// </summary>
    /// <returns>What to send, or <see langword="null"/> when the deployment is past <see cref="DeploymentState.Accepted"/>.</returns>
    public async Task<(string ModelId, string ModelType, string Request)?> RecordIntentAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE fleet_deployments SET state = '{DeploymentState.Starting}', updated_by = $2, updated_at = now()
            WHERE id = $1 AND state = '{DeploymentState.Accepted}'
            RETURNING model_id, model_type, request
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = settings.InstanceName });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    /// <summary>Records the job the service started for the deployment; its wait starts now.</summary>
    public async Task RecordStartedAsync(Guid id, string dockStatusId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE fleet_deployments
            SET state = '{DeploymentState.InProgress}', dock_status_id = $2, wait_started_at = now(), updated_by = $3, updated_at = now()
            WHERE id = $1 AND state = '{DeploymentState.Starting}'
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = dockStatusId });
        command.Parameters.Add(new() { Value = settings.InstanceName });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends the deployment in <paramref name="state"/> if it is still in <paramref name="from"/>.</summary>
    public async Task EndAsync(Guid id, string from, string state, string? message, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE fleet_deployments SET state = $3, message = $4, updated_by = $5, updated_at = now() WHERE id = $1 AND state = $2");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = state });
        command.Parameters.Add(new() { Value = (object?)message ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = settings.InstanceName });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a status a poll answered: the deployment's state, the vendor's message, one poll more.</summary>
    /// <returns>How long the wait has lasted, on the database's clock.</returns>
    public async Task<TimeSpan> RecordPollAsync(Guid id, string state, string? message, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE fleet_deployments
            SET state = $2, message = $3, polls = polls + 1, consecutive_failures = 0, updated_by = $4, updated_at = now()
            WHERE id = $1 AND state = '{DeploymentState.InProgress}'
            RETURNING now() - wait_started_at
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = state });
        command.Parameters.Add(new() { Value = (object?)message ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = settings.InstanceName });
        return await command.ExecuteScalarAsync(cancellationToken) as TimeSpan? ?? TimeSpan.Zero;
    }

    /// <summary>Records a poll that failed transiently, or was not sent (<paramref name="counts"/> false: a pause, not a failure).</summary>
    /// <returns>How many polls in a row have failed, and how long the wait has lasted.</returns>
    public async Task<(int Failures, TimeSpan Elapsed)> RecordPollFailureAsync(Guid id, string message, bool counts, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE fleet_deployments
            SET consecutive_failures = consecutive_failures + $4, message = $2, updated_by = $3, updated_at = now()
            WHERE id = $1 AND state = '{DeploymentState.InProgress}'
            RETURNING consecutive_failures, now() - wait_started_at
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = message });
        command.Parameters.Add(new() { Value = settings.InstanceName });
        command.Parameters.Add(new() { Value = counts ? 1 : 0 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetTimeSpan(1)) : (0, TimeSpan.Zero);
    }

    private static async Task<Deployment?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    internal static Deployment Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetInt32(5),
        reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7));
}
