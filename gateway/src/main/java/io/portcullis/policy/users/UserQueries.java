package io.portcullis.policy.users;

/**
 * The look-ups a SQL user store runs, each returning the columns {@code id, username, password, active, admin} and
 * {@code roles} (comma-separated text or an array) or {@code role} (one name per row); any other column is a claim.
 * {@code byToken} (DRF's authtoken keys) is null when the schema has none.
 */
public record UserQueries(NamedQuery byUsername, NamedQuery byId, NamedQuery byToken) {

    private static final String DJANGO_SELECT = "SELECT u.id, u.username, u.password, u.is_active AS active, "
            + "u.is_staff AS admin, u.email, u.first_name, u.last_name, g.name AS role ";
    private static final String DJANGO_GROUPS = "LEFT JOIN auth_user_groups ug ON ug.user_id = u.id "
            + "LEFT JOIN auth_group g ON g.id = ug.group_id ";

    /** Django's tables as {@code manage.py migrate} creates them; one row per group (LEFT JOIN: none gives one row). */
    public static final UserQueries DJANGO = new UserQueries(
            NamedQuery.parse(DJANGO_SELECT + "FROM auth_user u " + DJANGO_GROUPS + "WHERE u.username = :username"),
            NamedQuery.parse(DJANGO_SELECT + "FROM auth_user u " + DJANGO_GROUPS + "WHERE u.id = :id"),
            NamedQuery.parse(DJANGO_SELECT + "FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id "
                    + DJANGO_GROUPS + "WHERE t.key = :key"));
}
