export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  public: {
    Tables: {
      blocks: {
        Row: {
          blocked_id: string
          blocker_id: string
          created_at: string
        }
        Insert: {
          blocked_id: string
          blocker_id: string
          created_at?: string
        }
        Update: {
          blocked_id?: string
          blocker_id?: string
          created_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "blocks_blocked_id_fkey"
            columns: ["blocked_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "blocks_blocker_id_fkey"
            columns: ["blocker_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      chat_messages: {
        Row: {
          body: string
          chat_id: string
          created_at: string
          id: string
          removed_at: string | null
          sender_id: string | null
        }
        Insert: {
          body: string
          chat_id: string
          created_at?: string
          id?: string
          removed_at?: string | null
          sender_id?: string | null
        }
        Update: {
          body?: string
          chat_id?: string
          created_at?: string
          id?: string
          removed_at?: string | null
          sender_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "chat_messages_chat_id_fkey"
            columns: ["chat_id"]
            referencedRelation: "chats"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "chat_messages_sender_id_fkey"
            columns: ["sender_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      chat_participants: {
        Row: {
          chat_id: string
          joined_at: string
          last_read_at: string | null
          left_at: string | null
          user_id: string
        }
        Insert: {
          chat_id: string
          joined_at?: string
          last_read_at?: string | null
          left_at?: string | null
          user_id: string
        }
        Update: {
          chat_id?: string
          joined_at?: string
          last_read_at?: string | null
          left_at?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "chat_participants_chat_id_fkey"
            columns: ["chat_id"]
            referencedRelation: "chats"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "chat_participants_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      chats: {
        Row: {
          created_at: string
          id: string
          kind: Database["public"]["Enums"]["chat_kind"]
          like_group_id: string | null
        }
        Insert: {
          created_at?: string
          id?: string
          kind: Database["public"]["Enums"]["chat_kind"]
          like_group_id?: string | null
        }
        Update: {
          created_at?: string
          id?: string
          kind?: Database["public"]["Enums"]["chat_kind"]
          like_group_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "chats_like_group_id_fkey"
            columns: ["like_group_id"]
            referencedRelation: "like_groups"
            referencedColumns: ["id"]
          },
        ]
      }
      circle_members: {
        Row: {
          circle_id: string
          created_at: string
          invited_by: string | null
          role: Database["public"]["Enums"]["circle_role"]
          status: Database["public"]["Enums"]["circle_member_status"]
          updated_at: string
          user_id: string
        }
        Insert: {
          circle_id: string
          created_at?: string
          invited_by?: string | null
          role?: Database["public"]["Enums"]["circle_role"]
          status?: Database["public"]["Enums"]["circle_member_status"]
          updated_at?: string
          user_id: string
        }
        Update: {
          circle_id?: string
          created_at?: string
          invited_by?: string | null
          role?: Database["public"]["Enums"]["circle_role"]
          status?: Database["public"]["Enums"]["circle_member_status"]
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "circle_members_circle_id_fkey"
            columns: ["circle_id"]
            referencedRelation: "circles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "circle_members_invited_by_fkey"
            columns: ["invited_by"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "circle_members_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      circle_opt_outs: {
        Row: {
          circle_id: string
          created_at: string
          user_id: string
        }
        Insert: {
          circle_id: string
          created_at?: string
          user_id: string
        }
        Update: {
          circle_id?: string
          created_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "circle_opt_outs_circle_id_fkey"
            columns: ["circle_id"]
            referencedRelation: "circles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "circle_opt_outs_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      circles: {
        Row: {
          circle_type: Database["public"]["Enums"]["circle_type"]
          created_at: string
          created_by: string | null
          description: string | null
          event_id: string | null
          id: string
          name: string
          rule: Json | null
          updated_at: string
        }
        Insert: {
          circle_type?: Database["public"]["Enums"]["circle_type"]
          created_at?: string
          created_by?: string | null
          description?: string | null
          event_id?: never
          id?: string
          name: string
          rule?: Json | null
          updated_at?: string
        }
        Update: {
          circle_type?: Database["public"]["Enums"]["circle_type"]
          created_at?: string
          created_by?: string | null
          description?: string | null
          event_id?: never
          id?: string
          name?: string
          rule?: Json | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "circles_created_by_fkey"
            columns: ["created_by"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "circles_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      event_author_invitations: {
        Row: {
          created_at: string
          event_id: string
          invited_by: string | null
          user_id: string
        }
        Insert: {
          created_at?: string
          event_id: string
          invited_by?: string | null
          user_id: string
        }
        Update: {
          created_at?: string
          event_id?: string
          invited_by?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_author_invitations_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "event_author_invitations_invited_by_fkey"
            columns: ["invited_by"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "event_author_invitations_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      event_authors: {
        Row: {
          added_at: string
          event_id: string
          user_id: string
        }
        Insert: {
          added_at?: string
          event_id: string
          user_id: string
        }
        Update: {
          added_at?: string
          event_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "event_authors_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "event_authors_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      events: {
        Row: {
          cancelled_at: string | null
          created_at: string
          creator_id: string | null
          description: string | null
          ends_at: string | null
          id: string
          starts_at: string
          status: Database["public"]["Enums"]["event_status"]
          title: string
          updated_at: string
        }
        Insert: {
          cancelled_at?: string | null
          created_at?: string
          creator_id?: string | null
          description?: string | null
          ends_at?: string | null
          id?: string
          starts_at: string
          status?: Database["public"]["Enums"]["event_status"]
          title: string
          updated_at?: string
        }
        Update: {
          cancelled_at?: string | null
          created_at?: string
          creator_id?: string | null
          description?: string | null
          ends_at?: string | null
          id?: string
          starts_at?: string
          status?: Database["public"]["Enums"]["event_status"]
          title?: string
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "events_creator_id_fkey"
            columns: ["creator_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      friendships: {
        Row: {
          created_at: string
          friend_id: string
          requested_by: string
          status: Database["public"]["Enums"]["friendship_status"]
          updated_at: string
          user_id: string
        }
        Insert: {
          created_at?: string
          friend_id: string
          requested_by: string
          status?: Database["public"]["Enums"]["friendship_status"]
          updated_at?: string
          user_id: string
        }
        Update: {
          created_at?: string
          friend_id?: string
          requested_by?: string
          status?: Database["public"]["Enums"]["friendship_status"]
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "friendships_friend_id_fkey"
            columns: ["friend_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "friendships_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      like_group_approvals: {
        Row: {
          approved: boolean
          author_id: string
          created_at: string
          group_id: string
          id: string
        }
        Insert: {
          approved: boolean
          author_id: string
          created_at?: string
          group_id: string
          id?: string
        }
        Update: {
          approved?: boolean
          author_id?: string
          created_at?: string
          group_id?: string
          id?: string
        }
        Relationships: [
          {
            foreignKeyName: "like_group_approvals_author_id_fkey"
            columns: ["author_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "like_group_approvals_group_id_fkey"
            columns: ["group_id"]
            referencedRelation: "like_groups"
            referencedColumns: ["id"]
          },
        ]
      }
      like_group_members: {
        Row: {
          created_at: string
          event_id: string
          group_active: boolean
          group_id: string
          user_id: string
        }
        Insert: {
          created_at?: string
          event_id: string
          group_active?: boolean
          group_id: string
          user_id: string
        }
        Update: {
          created_at?: string
          event_id?: string
          group_active?: boolean
          group_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "like_group_members_group_fkey"
            columns: ["group_id"]
            referencedRelation: "like_groups"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "like_group_members_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      like_groups: {
        Row: {
          chat_id: string | null
          created_at: string
          creator_id: string | null
          decided_at: string | null
          event_id: string
          id: string
          status: Database["public"]["Enums"]["like_group_status"]
        }
        Insert: {
          chat_id?: string | null
          created_at?: string
          creator_id?: string | null
          decided_at?: string | null
          event_id: string
          id?: string
          status?: Database["public"]["Enums"]["like_group_status"]
        }
        Update: {
          chat_id?: string | null
          created_at?: string
          creator_id?: string | null
          decided_at?: string | null
          event_id?: string
          id?: string
          status?: Database["public"]["Enums"]["like_group_status"]
        }
        Relationships: [
          {
            foreignKeyName: "like_groups_chat_id_fkey"
            columns: ["chat_id"]
            referencedRelation: "chats"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "like_groups_creator_id_fkey"
            columns: ["creator_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "like_groups_event_id_fkey"
            columns: ["event_id"]
            referencedRelation: "events"
            referencedColumns: ["id"]
          },
        ]
      }
      moderation_log: {
        Row: {
          action: Database["public"]["Enums"]["moderation_action"]
          created_at: string
          id: string
          moderator_id: string | null
          note: string | null
          report_id: string | null
          suspended_until: string | null
          suspended_user_id: string | null
          target_id: string
          target_kind: Database["public"]["Enums"]["report_target_kind"]
        }
        Insert: {
          action: Database["public"]["Enums"]["moderation_action"]
          created_at?: string
          id?: string
          moderator_id?: string | null
          note?: string | null
          report_id?: string | null
          suspended_until?: string | null
          suspended_user_id?: string | null
          target_id: string
          target_kind: Database["public"]["Enums"]["report_target_kind"]
        }
        Update: {
          action?: Database["public"]["Enums"]["moderation_action"]
          created_at?: string
          id?: string
          moderator_id?: string | null
          note?: string | null
          report_id?: string | null
          suspended_until?: string | null
          suspended_user_id?: string | null
          target_id?: string
          target_kind?: Database["public"]["Enums"]["report_target_kind"]
        }
        Relationships: []
      }
      moderators: {
        Row: {
          created_at: string
          user_id: string
        }
        Insert: {
          created_at?: string
          user_id: string
        }
        Update: {
          created_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "moderators_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      mutes: {
        Row: {
          created_at: string
          muted_id: string
          muter_id: string
          until: string | null
        }
        Insert: {
          created_at?: string
          muted_id: string
          muter_id: string
          until?: string | null
        }
        Update: {
          created_at?: string
          muted_id?: string
          muter_id?: string
          until?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "mutes_muted_id_fkey"
            columns: ["muted_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "mutes_muter_id_fkey"
            columns: ["muter_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      notifications: {
        Row: {
          actor_id: string | null
          circle_id: string | null
          created_at: string
          event_id: string | null
          id: string
          kind: Database["public"]["Enums"]["notification_kind"]
          like_group_id: string | null
          read_at: string | null
          recipient_id: string
          report_id: string | null
        }
        Insert: {
          actor_id?: string | null
          circle_id?: string | null
          created_at?: string
          event_id?: string | null
          id?: string
          kind: Database["public"]["Enums"]["notification_kind"]
          like_group_id?: string | null
          read_at?: string | null
          recipient_id: string
          report_id?: string | null
        }
        Update: {
          actor_id?: string | null
          circle_id?: string | null
          created_at?: string
          event_id?: string | null
          id?: string
          kind?: Database["public"]["Enums"]["notification_kind"]
          like_group_id?: string | null
          read_at?: string | null
          recipient_id?: string
          report_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "notifications_actor_id_fkey"
            columns: ["actor_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_recipient_id_fkey"
            columns: ["recipient_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "notifications_report_id_fkey"
            columns: ["report_id"]
            referencedRelation: "reports"
            referencedColumns: ["id"]
          },
        ]
      }
      post_circles: {
        Row: {
          circle_id: string
          post_created_at: string
          post_id: string
        }
        Insert: {
          circle_id: string
          post_created_at: string
          post_id: string
        }
        Update: {
          circle_id?: string
          post_created_at?: string
          post_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "post_circles_circle_id_fkey"
            columns: ["circle_id"]
            referencedRelation: "circles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "post_circles_post_created_at_fkey"
            columns: ["post_id", "post_created_at"]
            referencedRelation: "posts"
            referencedColumns: ["id", "created_at"]
          },
          {
            foreignKeyName: "post_circles_post_id_fkey"
            columns: ["post_id"]
            referencedRelation: "posts"
            referencedColumns: ["id"]
          },
        ]
      }
      posts: {
        Row: {
          audience: Database["public"]["Enums"]["post_audience"]
          author_id: string
          body: string
          created_at: string
          id: string
          removed_at: string | null
          updated_at: string
        }
        Insert: {
          audience?: Database["public"]["Enums"]["post_audience"]
          author_id?: string
          body: string
          created_at?: string
          id?: string
          removed_at?: string | null
          updated_at?: string
        }
        Update: {
          audience?: Database["public"]["Enums"]["post_audience"]
          author_id?: string
          body?: string
          created_at?: string
          id?: string
          removed_at?: string | null
          updated_at?: string
        }
        Relationships: [
          {
            foreignKeyName: "posts_author_id_fkey"
            columns: ["author_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      profiles: {
        Row: {
          created_at: string
          display_name: string | null
          id: string
        }
        Insert: {
          created_at?: string
          display_name?: string | null
          id: string
        }
        Update: {
          created_at?: string
          display_name?: string | null
          id?: string
        }
        Relationships: []
      }
      rate_limits: {
        Row: {
          action: Database["public"]["Enums"]["rate_limited_action"]
          max_count: number
          per: string
        }
        Insert: {
          action: Database["public"]["Enums"]["rate_limited_action"]
          max_count: number
          per: string
        }
        Update: {
          action?: Database["public"]["Enums"]["rate_limited_action"]
          max_count?: number
          per?: string
        }
        Relationships: []
      }
      reports: {
        Row: {
          created_at: string
          id: string
          note: string | null
          reason: Database["public"]["Enums"]["report_reason"]
          reporter_id: string | null
          resolution: Database["public"]["Enums"]["moderation_action"] | null
          resolved_at: string | null
          resolved_by: string | null
          snapshot: NonNullable<Json>
          status: Database["public"]["Enums"]["report_status"]
          target_id: string
          target_kind: Database["public"]["Enums"]["report_target_kind"]
          target_user_id: string | null
        }
        Insert: {
          created_at?: string
          id?: string
          note?: string | null
          reason: Database["public"]["Enums"]["report_reason"]
          reporter_id?: string | null
          resolution?: Database["public"]["Enums"]["moderation_action"] | null
          resolved_at?: string | null
          resolved_by?: string | null
          snapshot: NonNullable<Json>
          status?: Database["public"]["Enums"]["report_status"]
          target_id: string
          target_kind: Database["public"]["Enums"]["report_target_kind"]
          target_user_id?: string | null
        }
        Update: {
          created_at?: string
          id?: string
          note?: string | null
          reason?: Database["public"]["Enums"]["report_reason"]
          reporter_id?: string | null
          resolution?: Database["public"]["Enums"]["moderation_action"] | null
          resolved_at?: string | null
          resolved_by?: string | null
          snapshot?: NonNullable<Json>
          status?: Database["public"]["Enums"]["report_status"]
          target_id?: string
          target_kind?: Database["public"]["Enums"]["report_target_kind"]
          target_user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "reports_reporter_id_fkey"
            columns: ["reporter_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      suspensions: {
        Row: {
          created_at: string
          report_id: string | null
          until: string | null
          user_id: string
        }
        Insert: {
          created_at?: string
          report_id?: string | null
          until?: string | null
          user_id: string
        }
        Update: {
          created_at?: string
          report_id?: string | null
          until?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "suspensions_report_id_fkey"
            columns: ["report_id"]
            referencedRelation: "reports"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "suspensions_user_id_fkey"
            columns: ["user_id"]
            referencedRelation: "profiles"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      accept_circle_invitation: {
        Args: { p_circle_id: string }
        Returns: undefined
      }
      add_event_author: {
        Args: { p_event_id: string; p_user_id: string }
        Returns: undefined
      }
      add_like_group_member: {
        Args: { p_group_id: string; p_user_id: string }
        Returns: undefined
      }
      approve_like_group: {
        Args: {
          p_approved?: boolean
          p_group_id: string
          p_member_ids?: string[]
        }
        Returns: Database["public"]["Enums"]["like_group_status"]
      }
      block_user: { Args: { p_user_id: string }; Returns: undefined }
      cancel_event: { Args: { p_event_id: string }; Returns: undefined }
      create_circle: {
        Args: { p_description?: string; p_name: string }
        Returns: string
      }
      create_dynamic_circle: {
        Args: { p_description?: string; p_name: string; p_rule: Json }
        Returns: string
      }
      create_event: {
        Args: {
          p_description?: string
          p_ends_at?: string
          p_starts_at: string
          p_title: string
        }
        Returns: string
      }
      create_like_group: {
        Args: { p_event_id: string; p_member_ids?: string[] }
        Returns: string
      }
      create_post: {
        Args: {
          p_audience?: Database["public"]["Enums"]["post_audience"]
          p_body: string
          p_circle_ids?: string[]
        }
        Returns: string
      }
      decline_circle_invitation: {
        Args: { p_circle_id: string }
        Returns: undefined
      }
      delete_my_account: { Args: { p_confirm: string }; Returns: undefined }
      expire_author_invitations: {
        Args: Record<PropertyKey, never>
        Returns: number
      }
      expire_like_groups: { Args: Record<PropertyKey, never>; Returns: number }
      export_my_data: { Args: Record<PropertyKey, never>; Returns: Json }
      feed: {
        Args: {
          p_before?: string
          p_before_id?: string
          p_circle_id?: string
          p_limit?: number
        }
        Returns: {
          audience: Database["public"]["Enums"]["post_audience"]
          author_id: string
          body: string
          created_at: string
          id: string
          removed_at: string | null
          updated_at: string
        }[]
        SetofOptions: {
          from: "*"
          to: "posts"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      home_feed: {
        Args: { p_before?: string; p_before_id?: string; p_limit?: number }
        Returns: {
          audience: Database["public"]["Enums"]["post_audience"]
          author_id: string
          body: string
          created_at: string
          id: string
          removed_at: string | null
          updated_at: string
        }[]
        SetofOptions: {
          from: "*"
          to: "posts"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      invite_to_circle: {
        Args: { p_circle_id: string; p_user_id: string }
        Returns: undefined
      }
      leave_chat: { Args: { p_chat_id: string }; Returns: undefined }
      leave_circle: { Args: { p_circle_id: string }; Returns: undefined }
      leave_event_authors: { Args: { p_event_id: string }; Returns: undefined }
      leave_like_group: { Args: { p_group_id: string }; Returns: undefined }
      mark_chat_read: { Args: { p_chat_id: string }; Returns: undefined }
      mark_notifications_read: { Args: { p_ids?: string[] }; Returns: number }
      moderation_queue: {
        Args: { p_before?: string; p_limit?: number }
        Returns: {
          created_at: string
          note: string
          reason: Database["public"]["Enums"]["report_reason"]
          report_id: string
          reporter_id: string
          snapshot: Json
          target_id: string
          target_kind: Database["public"]["Enums"]["report_target_kind"]
          target_reports: number
          target_user_id: string
        }[]
      }
      mute_user: {
        Args: { p_until?: string; p_user_id: string }
        Returns: undefined
      }
      my_chats: {
        Args: { p_before?: string; p_before_id?: string; p_limit?: number }
        Returns: {
          chat_id: string
          event_id: string
          last_message: string
          last_message_at: string
          last_message_id: string
          last_message_removed_at: string
          last_read_at: string
          last_sender_id: string
          like_group_id: string
          unread_count: number
        }[]
      }
      prune_notifications: { Args: Record<PropertyKey, never>; Returns: number }
      rejoin_circle: { Args: { p_circle_id: string }; Returns: undefined }
      remove_circle_member: {
        Args: { p_circle_id: string; p_user_id: string }
        Returns: undefined
      }
      remove_circle_post: {
        Args: { p_circle_id: string; p_post_id: string }
        Returns: undefined
      }
      remove_event_author: {
        Args: { p_event_id: string; p_user_id: string }
        Returns: undefined
      }
      remove_friendship: { Args: { p_user_id: string }; Returns: undefined }
      remove_like_group_member: {
        Args: { p_group_id: string; p_user_id: string }
        Returns: Database["public"]["Enums"]["like_group_status"]
      }
      report: {
        Args: {
          p_note?: string
          p_reason: string
          p_target_id: string
          p_target_kind: string
        }
        Returns: string
      }
      request_friendship: {
        Args: { p_user_id: string }
        Returns: Database["public"]["Enums"]["friendship_status"]
      }
      resolve_report: {
        Args: {
          p_action: string
          p_note?: string
          p_report_id: string
          p_until?: string
        }
        Returns: undefined
      }
      respond_event_author_invitation: {
        Args: { p_accept: boolean; p_event_id: string }
        Returns: undefined
      }
      respond_friendship: {
        Args: { p_accept: boolean; p_user_id: string }
        Returns: Database["public"]["Enums"]["friendship_status"]
      }
      send_message: {
        Args: { p_body: string; p_chat_id: string }
        Returns: string
      }
      set_circle_member_role: {
        Args: {
          p_circle_id: string
          p_role: Database["public"]["Enums"]["circle_role"]
          p_user_id: string
        }
        Returns: undefined
      }
      unblock_user: { Args: { p_user_id: string }; Returns: undefined }
      unmute_user: { Args: { p_user_id: string }; Returns: undefined }
      unread_notification_count: {
        Args: Record<PropertyKey, never>
        Returns: number
      }
      user_posts: {
        Args: {
          p_before?: string
          p_before_id?: string
          p_limit?: number
          p_user_id: string
        }
        Returns: {
          audience: Database["public"]["Enums"]["post_audience"]
          author_id: string
          body: string
          created_at: string
          id: string
          removed_at: string | null
          updated_at: string
        }[]
        SetofOptions: {
          from: "*"
          to: "posts"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      withdraw_like_group: { Args: { p_group_id: string }; Returns: undefined }
    }
    Enums: {
      chat_kind: "approved_group"
      circle_member_status: "invited" | "member"
      circle_role: "admin" | "member"
      circle_type: "static" | "dynamic"
      event_status: "scheduled" | "cancelled"
      friendship_status: "pending" | "accepted" | "declined"
      like_group_status: "pending" | "approved" | "rejected" | "expired"
      moderation_action: "dismiss" | "remove_content" | "suspend_user"
      notification_kind:
        | "friendship_requested"
        | "friendship_accepted"
        | "circle_invitation"
        | "event_author_invitation"
        | "like_group_applied"
        | "like_group_member_added"
        | "like_group_approved"
        | "like_group_rejected"
        | "like_group_expired"
        | "report_resolved"
      post_audience: "public" | "friends" | "circles"
      rate_limited_action:
        | "friend_request"
        | "circle_invitation"
        | "like_group"
        | "report"
        | "chat_message"
        | "repeat_declined"
        | "event_author_invitation"
        | "like_group_member"
        | "event"
        | "block"
      report_reason:
        | "spam"
        | "harassment"
        | "hate"
        | "violence"
        | "sexual"
        | "self_harm"
        | "other"
      report_status: "open" | "dismissed" | "actioned"
      report_target_kind: "post" | "message" | "user" | "circle" | "event"
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      chat_kind: ["approved_group"],
      circle_member_status: ["invited", "member"],
      circle_role: ["admin", "member"],
      circle_type: ["static", "dynamic"],
      event_status: ["scheduled", "cancelled"],
      friendship_status: ["pending", "accepted", "declined"],
      like_group_status: ["pending", "approved", "rejected", "expired"],
      moderation_action: ["dismiss", "remove_content", "suspend_user"],
      notification_kind: [
        "friendship_requested",
        "friendship_accepted",
        "circle_invitation",
        "event_author_invitation",
        "like_group_applied",
        "like_group_member_added",
        "like_group_approved",
        "like_group_rejected",
        "like_group_expired",
        "report_resolved",
      ],
      post_audience: ["public", "friends", "circles"],
      rate_limited_action: [
        "friend_request",
        "circle_invitation",
        "like_group",
        "report",
        "chat_message",
        "repeat_declined",
        "event_author_invitation",
        "like_group_member",
        "event",
        "block",
      ],
      report_reason: [
        "spam",
        "harassment",
        "hate",
        "violence",
        "sexual",
        "self_harm",
        "other",
      ],
      report_status: ["open", "dismissed", "actioned"],
      report_target_kind: ["post", "message", "user", "circle", "event"],
    },
  },
} as const

