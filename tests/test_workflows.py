"""Each workflow table (``<app>/workflows.py``) declares exactly the model's status graph: its
keys are the model's django-fsm transition names."""

from governance.models import Breach, Dpia
from governance.workflows import (
    BREACH_STEPS,
    DPIA_STEPS,
    DPIA_STEPS_BESIDE_THE_STATUS,
    DPIA_TRANSITIONS_NOT_OFFERED,
)
from ropa.models import ProcessingActivity
from ropa.workflows import ACTIVITY_STEPS
from sharing.models import Agreement, ConnectionRequest, Product
from sharing.workflows import AGREEMENT_STEPS, CONNECTION_REQUEST_STEPS, PRODUCT_STEPS


def fsm_transition_names(model, field="status"):
    """The names of the model's django-fsm ``@transition`` methods on ``field``."""
    fsm_field = model._meta.get_field(field)
    return {transition.name for transition in fsm_field.get_all_transitions(model)}


def test_the_breach_steps_are_the_breach_transitions():
    assert set(BREACH_STEPS) == fsm_transition_names(Breach)


def test_the_dpia_steps_are_the_dpia_transitions_and_the_review():
    # Starting a review makes a new revision (the DPIA keeps its status); superseding is the
    # approval of the revision that replaces it, never a page's step.
    offered = set(DPIA_STEPS) - set(DPIA_STEPS_BESIDE_THE_STATUS)
    assert offered | set(DPIA_TRANSITIONS_NOT_OFFERED) == fsm_transition_names(Dpia)
    assert not set(DPIA_STEPS_BESIDE_THE_STATUS) & fsm_transition_names(Dpia)


def test_the_agreement_steps_are_the_agreement_transitions():
    assert set(AGREEMENT_STEPS) == fsm_transition_names(Agreement)


def test_the_product_steps_are_the_product_transitions():
    assert set(PRODUCT_STEPS) == fsm_transition_names(Product)


def test_the_connection_request_steps_are_the_connection_request_transitions():
    assert set(CONNECTION_REQUEST_STEPS) == fsm_transition_names(ConnectionRequest)


def test_the_activity_steps_are_the_activity_transitions():
    assert set(ACTIVITY_STEPS) == fsm_transition_names(ProcessingActivity)
