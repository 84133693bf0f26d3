// The Secrets Manager rotation function for the Redis AUTH tokens (Python,
// the runtime AWS's own rotation templates use), written beside the
// Terraform that packages it. It follows the four rotation steps of those
// templates; the replication group comes from a tag on the secret.

export function cacheAuthRotationSource(groupTag: string): string {
  return `"""Secrets Manager rotation of ElastiCache (Redis) AUTH tokens.

Each secret holds one token as its whole value and is tagged with the
replication group it protects. setSecret adds the new token with the ROTATE
strategy, so the previous token stays valid until the next rotation: clients
that re-read the secret meanwhile reconnect without an outage.
"""
import time

import boto3

GROUP_TAG = ${JSON.stringify(groupTag)}
# Leave this much of the invocation for the last status check and the reply.
MARGIN_MS = 20000

manager = boto3.client("secretsmanager")
elasticache = boto3.client("elasticache")


def handler(event, context):
    secret_id = event["SecretId"]
    version_id = event["ClientRequestToken"]
    step = event["Step"]
    metadata = manager.describe_secret(SecretId=secret_id)
    if not metadata.get("RotationEnabled"):
        raise ValueError("rotation is not enabled for this secret")
    stages = metadata.get("VersionIdsToStages", {})
    if version_id not in stages:
        raise ValueError("the version to rotate to is not a version of this secret")
    if "AWSCURRENT" in stages[version_id]:
        return
    if "AWSPENDING" not in stages[version_id]:
        raise ValueError("the version to rotate to is not pending")
    group = replication_group(metadata)
    if step == "createSecret":
        create_secret(secret_id, version_id)
    elif step == "setSecret":
        wait_until_available(group, context)
        pending = manager.get_secret_value(SecretId=secret_id, VersionId=version_id, VersionStage="AWSPENDING")["SecretString"]
        elasticache.modify_replication_group(
            ReplicationGroupId=group, AuthToken=pending, AuthTokenUpdateStrategy="ROTATE", ApplyImmediately=True
        )
    elif step == "testSecret":
        wait_until_available(group, context)
    elif step == "finishSecret":
        finish_secret(secret_id, version_id, stages)
    else:
        raise ValueError("unknown rotation step")


def replication_group(metadata):
    for tag in metadata.get("Tags", []):
        if tag.get("Key") == GROUP_TAG and tag.get("Value"):
            return tag["Value"]
    raise ValueError("the secret names no replication group (tag %s)" % GROUP_TAG)


def create_secret(secret_id, version_id):
    try:
        manager.get_secret_value(SecretId=secret_id, VersionId=version_id, VersionStage="AWSPENDING")
        return
    except manager.exceptions.ResourceNotFoundException:
        pass
    generated = manager.get_random_password(PasswordLength=64, ExcludePunctuation=True)["RandomPassword"]
    manager.put_secret_value(
        SecretId=secret_id, ClientRequestToken=version_id, SecretString=generated, VersionStages=["AWSPENDING"]
    )


def wait_until_available(group, context):
    while True:
        status = elasticache.describe_replication_groups(ReplicationGroupId=group)["ReplicationGroups"][0]["Status"]
        if status == "available":
            return
        if context.get_remaining_time_in_millis() < MARGIN_MS:
            raise RuntimeError("replication group %s is %s; the rotation is retried" % (group, status))
        time.sleep(10)


def finish_secret(secret_id, version_id, stages):
    current = next((version for version, labels in stages.items() if "AWSCURRENT" in labels), None)
    manager.update_secret_version_stage(
        SecretId=secret_id, VersionStage="AWSCURRENT", MoveToVersionId=version_id, RemoveFromVersionId=current
    )
`;
}
