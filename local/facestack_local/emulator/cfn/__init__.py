"""CloudFormation models that complete moto's, each through moto's own backend APIs, so a
deploy leaves the emulator as AWS would be (see each module)."""

from __future__ import annotations


def install() -> None:
    from moto.cloudformation import parsing

    from . import (
        analytics,
        awslambda,
        changesets,
        dynamodb,
        iam,
        intrinsics,
        kms,
        launchtemplates,
        monitoring,
        protection,
        rekognition,
        s3,
        sqs,
    )

    intrinsics.install()
    changesets.install()
    dynamodb.install()
    iam.install()
    kms.install()
    launchtemplates.install()
    protection.install()
    s3.install_bucket()
    # moto builds its type map from CloudFormationModel.__subclasses__(), cached: importing the
    # models above defined them; clearing the caches makes moto see them.
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()
    known = parsing.get_model_map()
    for model in (s3.BucketPolicy, sqs.QueuePolicy, awslambda.EventInvokeConfig,
                  rekognition.Collection, monitoring.Alarm, monitoring.ScalingPolicy,
                  monitoring.Subscription, analytics.GlueDatabase, analytics.GlueTable,
                  analytics.WorkGroup, analytics.NamedQuery):
        assert known[model.cloudformation_type()] is model
