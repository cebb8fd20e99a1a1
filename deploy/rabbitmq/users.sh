#!/usr/bin/env bash
# Logins on the RabbitMQ cluster (run once on any node; users replicate to all):
#   deploy/rabbitmq/users.sh hub  onestop-hub  'long-random-password'      # the hubs' AMQP login
#   deploy/rabbitmq/users.sh device kiosk-001 'its password'                # one per provisioned device
# A device may publish only on its own topics and read only its own acks, commands and responses: topic
# permissions on amq.topic (RabbitMQ's MQTT plugin turns '/' into '.'), with {username} = the device id.
# Unlike the Mosquitto ACL the hub writes, the site level is not pinned here (any site, this device id);
# the hub checks the envelope's device against the topic either way.
set -euo pipefail
kind="${1:?hub|device}"; user="${2:?user name}"; password="${3:?password}"
case "$kind" in
  hub|device) ;;
  *) echo "users.sh: first argument is hub or device, not $kind" >&2; exit 2 ;;  # before any login is made
esac
ctl=("${RABBITMQCTL:-rabbitmqctl}")  # RABBITMQCTL and RABBITMQ_NODENAME pick another binary or node
"${ctl[@]}" add_user "$user" "$password" 2>/dev/null || "${ctl[@]}" change_password "$user" "$password"
case "$kind" in
  hub)
    # the ingest queue (onestop.hub.ingest) and publishing acks/commands to amq.topic
    "${ctl[@]}" set_permissions -p / "$user" '^onestop\.hub\..*' '^(onestop\.hub\..*|amq\.topic)$' '^(onestop\.hub\..*|amq\.topic)$'
    ;;
  device)
    # its MQTT session queue (mqtt-subscription-<client id>qos0/1) and amq.topic
    "${ctl[@]}" set_permissions -p / "$user" '^mqtt-subscription-.*' '^(mqtt-subscription-.*|amq\.topic)$' '^(mqtt-subscription-.*|amq\.topic)$'
    "${ctl[@]}" set_topic_permissions -p / "$user" amq.topic \
      '^onestop\.v[12]\.[^.]+\.{username}\.(evt|req|tele)\..+$|^onestop\.v[12]\.[^.]+\.{username}\.(state|cmdack)$' \
      '^onestop\.v[12]\.[^.]+\.{username}\.(ack|cmd\..+|res\..+)$'
    ;;
esac
echo "users.sh: $kind login $user set"
